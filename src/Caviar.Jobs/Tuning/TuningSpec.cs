using Caviar.Jobs.Specs;
using Caviar.SearchSpaces;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// A tuning job as written in a JSON file (see examples/branin.json and examples/jobs/). It tunes either a
/// built-in test function (objective.function) or a training job (trainingJob + objective.metricName).
/// Field names are camelCase; unknown fields are refused. Defaults are stated on each property.
/// </summary>
public sealed record TuningSpec
{
    /// <summary>The study's name: 1–63 letters, digits, '-', '_' or '.', starting with a letter or digit.</summary>
    public string Name { get; init; } = "";

    /// <summary>What to optimise and in which direction.</summary>
    public ObjectiveSpec? Objective { get; init; }

    /// <summary>The training job each trial runs, with the trial's hyperparameters added to its static ones.</summary>
    public TrainingJobSpec? TrainingJob { get; init; }

    /// <summary>
    /// Bayesian (= TPE), TPE, GP, CmaEs, QuasiRandom, Auto (chosen from the space and limits.maxTrials), Random, Grid, or Hyperband (TPE proposals with Hyperband early stopping;
    /// needs <see cref="Hyperband"/>). Case-insensitive. Default Bayesian.
    /// </summary>
    public string Strategy { get; init; } = "Bayesian";

    /// <summary>Seed of every random choice. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The ranges to search. Default: the objective function's own domain.</summary>
    public List<ParameterRange>? HyperParameterRanges { get; init; }

    /// <summary>Limits of the run. Default: 50 trials, one at a time, no runtime limit.</summary>
    public LimitsSpec Limits { get; init; } = new();

    /// <summary>Early completion. Default: none.</summary>
    public CompletionCriteria? CompletionCriteria { get; init; }

    /// <summary>Off, or Auto: the median stopping rule over the objective metric's per-epoch values. Default Off.</summary>
    public EarlyStoppingType EarlyStopping { get; init; } = EarlyStoppingType.Off;

    /// <summary>Resources of the Hyperband strategy (the objective metric's step is the resource).</summary>
    public HyperbandSpec? Hyperband { get; init; }

    /// <summary>Earlier tuning jobs whose trials seed this one's strategy. Default: none.</summary>
    public WarmStartSpec? WarmStart { get; init; }

    /// <summary>
    /// Configurations evaluated first, in order (Optuna's <c>enqueue_trial</c>): each maps range names to values as the
    /// spec writes them (numbers, booleans, a categorical's value); ranges left out are drawn by the strategy. Enqueued
    /// when the study is created, not on <c>--resume</c>; they count against <c>limits.maxTrials</c>. Default: none.
    /// </summary>
    public List<Dictionary<string, System.Text.Json.JsonElement>>? Enqueue { get; init; }
}

public enum EarlyStoppingType
{
    Off,
    Auto,
}

public sealed record HyperbandSpec
{
    /// <summary>Smallest resource (epochs) a trial gets before it can be stopped. Default 1.</summary>
    public long MinResource { get; init; } = 1;

    /// <summary>Most resource a trial gets (usually the epochs it trains for). Required.</summary>
    public long MaxResource { get; init; }

    /// <summary>η: each rung keeps the best 1/η of the trials reaching it. Default 3.</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>
    /// The training job's hyperparameter that receives <see cref="MaxResource"/> (unless the job sets it or it is
    /// tuned), so the spec need not repeat the budget. Default "epochs".
    /// </summary>
    public string ResourceHyperParameter { get; init; } = "epochs";
}

public enum WarmStartType
{
    /// <summary>Same data and algorithm; ranges may change, static hyperparameters may not.</summary>
    IdenticalDataAndAlgorithm,
    /// <summary>Different data, algorithm version or static hyperparameters are allowed.</summary>
    TransferLearning,
}

public sealed record WarmStartSpec
{
    /// <summary>1 to 5 names of earlier tuning jobs in the same store.</summary>
    public List<string> ParentTuningJobs { get; init; } = [];

    public WarmStartType Type { get; init; } = WarmStartType.IdenticalDataAndAlgorithm;
}

/// <summary>The objective: a built-in test function, or a metric of the training job.</summary>
public sealed record ObjectiveSpec
{
    /// <summary>Minimize or Maximize. Default Minimize.</summary>
    public ObjectiveDirection Type { get; init; } = ObjectiveDirection.Minimize;

    /// <summary>A standard function: branin, hartmann6, rosenbrock4, ackley5, levy4, styblinski-tang4, and the 10-D rosenbrock10, ackley10, levy10, styblinski-tang10.</summary>
    public string? Function { get; init; }

    /// <summary>
    /// With a training job: the metric whose values give the trial's objective value — a metric definition's name, or
    /// a name the script reports with <c>caviar.report</c> (script mode).
    /// </summary>
    public string? MetricName { get; init; }

    /// <summary>
    /// Which of the metric's values is the trial's result: "last" (the last value logged), "best" (the best in the
    /// objective's direction) or "mean-last-k" (the mean of the last <see cref="K"/> values). Default "last".
    /// </summary>
    public string Aggregate { get; init; } = ObjectiveAggregate.Last;

    /// <summary>With aggregate "mean-last-k": how many of the last values are averaged (1 or more). Required there only.</summary>
    public int? K { get; init; }
}

/// <summary>Limits as written in a spec, turned into <see cref="TuningLimits"/> by <see cref="ToLimits"/>.</summary>
public sealed record LimitsSpec
{
    /// <summary>Most trials in the study. Default 50.</summary>
    public int? MaxTrials { get; init; } = 50;

    /// <summary>Trials running at once, 1 to 1,000 (<see cref="TuningLimits.MaxParallelLimit"/>). Default 1.</summary>
    public int MaxParallel { get; init; } = 1;

    /// <summary>Wall-clock budget of one run in seconds. Default: none.</summary>
    public double? MaxRuntimeSeconds { get; init; }

    /// <summary>Checks the limits, naming each field as the spec spells it (<c>limits.maxRuntimeSeconds</c>).</summary>
    public void Validate(string field = "limits")
    {
        if (MaxTrials is < 1)
            throw new Caviar.Validation.CaviarValidationException($"{field}.maxTrials", "must be at least 1");
        if (MaxParallel is < 1 or > TuningLimits.MaxParallelLimit)
            throw new Caviar.Validation.CaviarValidationException($"{field}.maxParallel",
                $"must be between 1 and {TuningLimits.MaxParallelLimit}");
        if (MaxRuntimeSeconds is { } seconds && !(seconds > 0 && seconds <= MaxRuntimeSecondsLimit))
            throw new Caviar.Validation.CaviarValidationException($"{field}.maxRuntimeSeconds",
                $"must be positive and at most {MaxRuntimeSecondsLimit} (a year)");
    }

    /// <summary>The longest budget a run may have: a year, in seconds.</summary>
    public const double MaxRuntimeSecondsLimit = 365 * 86_400;

    public TuningLimits ToLimits() => new()
    {
        MaxTrials = MaxTrials,
        MaxParallel = MaxParallel,
        MaxRuntime = MaxRuntimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    };
}
