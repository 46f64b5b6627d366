using Caviar.SearchSpaces;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Specs;

/// <summary>
/// A tuning job as written in a JSON file (see examples/branin.json). Field names are camelCase;
/// unknown fields are refused. Defaults are stated on each property.
/// </summary>
public sealed record TuningSpec
{
    /// <summary>The study's name: 1–63 letters, digits, '-', '_' or '.', starting with a letter or digit.</summary>
    public string Name { get; init; } = "";

    /// <summary>What to optimise and in which direction.</summary>
    public ObjectiveSpec? Objective { get; init; }

    /// <summary>Bayesian (= TPE), TPE, GP, Random or Grid (case-insensitive). Default Bayesian.</summary>
    public string Strategy { get; init; } = "Bayesian";

    /// <summary>Seed of every random choice. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The ranges to search. Default: the objective function's own domain.</summary>
    public List<ParameterRange>? HyperParameterRanges { get; init; }

    /// <summary>Limits of the run. Default: 50 trials, one at a time, no runtime limit.</summary>
    public LimitsSpec Limits { get; init; } = new();

    /// <summary>Early completion. Default: none.</summary>
    public CompletionCriteria? CompletionCriteria { get; init; }
}

/// <summary>The objective: a built-in test function for now (training jobs come with the job runner).</summary>
public sealed record ObjectiveSpec
{
    /// <summary>Minimize or Maximize. Default Minimize.</summary>
    public ObjectiveDirection Type { get; init; } = ObjectiveDirection.Minimize;

    /// <summary>A standard function: branin, hartmann6, rosenbrock4, ackley5, levy4, styblinski-tang4.</summary>
    public string? Function { get; init; }
}

/// <summary>Limits as written in a spec, turned into <see cref="TuningLimits"/> by <see cref="ToLimits"/>.</summary>
public sealed record LimitsSpec
{
    /// <summary>Most trials in the study. Default 50.</summary>
    public int? MaxTrials { get; init; } = 50;

    /// <summary>Trials running at once. Default 1.</summary>
    public int MaxParallel { get; init; } = 1;

    /// <summary>Wall-clock budget of one run in seconds. Default: none.</summary>
    public double? MaxRuntimeSeconds { get; init; }

    public TuningLimits ToLimits() => new()
    {
        MaxTrials = MaxTrials,
        MaxParallel = MaxParallel,
        MaxRuntime = MaxRuntimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    };
}
