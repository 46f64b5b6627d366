using Caviar.Jobs.Specs;
using Caviar.SearchSpaces;
using Caviar.Studies;

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

    /// <summary>What to optimise and in which direction (one objective; for several, <c>objectives</c>).</summary>
    public ObjectiveSpec? Objective { get; init; }

    /// <summary>
    /// Two to four objectives, each a metric of the training job with its direction (give this or
    /// <c>objective</c>, not both). The study then finds the Pareto front: every feasible trial no other one beats
    /// on every objective. Default: none.
    /// </summary>
    public List<ObjectiveSpec>? Objectives { get; init; }

    /// <summary>
    /// Bounds on metrics of the training job (each a metric's last value within min and/or max); trials outside
    /// them are infeasible: kept, ranked after every feasible trial, never in the best trials. Default: none.
    /// </summary>
    public List<ConstraintSpec>? Constraints { get; init; }

    /// <summary>
    /// With several objectives and early stopping (earlyStopping Auto or strategy Hyperband): the metricName of the
    /// objective whose per-epoch values the pruner compares. Required there; with one objective it may only name that
    /// one. Default: none.
    /// </summary>
    public string? EarlyStoppingObjective { get; init; }

    /// <summary>The training job each trial runs, with the trial's hyperparameters added to its static ones.</summary>
    public TrainingJobSpec? TrainingJob { get; init; }

    /// <summary>
    /// Bayesian (= TPE), TPE, GP, CmaEs, QuasiRandom, Auto (chosen from the space and limits.maxTrials), Random, Grid, NSGA2, Hyperband (TPE proposals with Hyperband early stopping;
    /// needs <see cref="Hyperband"/>), or PBT (population-based training of a training job; needs <see cref="Pbt"/>). Case-insensitive. Default Bayesian. With several objectives, Bayesian means NSGA2
    /// (as Optuna's default sampler for several objectives) with a model-based start: multi-objective TPE proposes the
    /// first 5 generations (trials 0–59), NSGA-II the rest, from their survivors; with 3 or 4 objectives it is
    /// multi-objective TPE (one parameter at a time) throughout. NSGA2 named is NSGA-II throughout.
    /// TPE, Random, Grid and Hyperband also take several.
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

    /// <summary>The median stopping rule's settings (earlyStopping Auto only). Default: its defaults.</summary>
    public MedianStoppingSpec? MedianStopping { get; init; }

    /// <summary>Resources of the Hyperband strategy (the objective metric's step is the resource).</summary>
    public HyperbandSpec? Hyperband { get; init; }

    /// <summary>Population-based training's settings (strategy PBT; pbt.maxResource is required). Default: none.</summary>
    public PbtSpec? Pbt { get; init; }

    /// <summary>Earlier tuning jobs whose trials seed this one's strategy. Default: none.</summary>
    public WarmStartSpec? WarmStart { get; init; }

    /// <summary>
    /// Configurations evaluated first, in order (Optuna's <c>enqueue_trial</c>): each maps range names to values as the
    /// spec writes them (numbers, booleans, a categorical's value); ranges left out are drawn by the strategy. Enqueued
    /// when the study is created, not on <c>--resume</c>; they count against <c>limits.maxTrials</c>. Default: none.
    /// </summary>
    public List<Dictionary<string, System.Text.Json.JsonElement>>? Enqueue { get; init; }
}
