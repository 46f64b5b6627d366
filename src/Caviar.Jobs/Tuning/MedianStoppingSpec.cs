using Caviar.Pruning;

namespace Caviar.Jobs.Tuning;

/// <summary>The "medianStopping" section of a tuning spec: the median stopping rule's settings (earlyStopping Auto).</summary>
public sealed record MedianStoppingSpec
{
    /// <summary>Completed trials with a value at the step needed before any trial is stopped, at least 1. Default 5.</summary>
    public int StartupTrials { get; init; } = new MedianStoppingOptions().StartupTrials;

    /// <summary>Steps (epochs) before which no trial is stopped, at least 0. Default 1.</summary>
    public long WarmupSteps { get; init; } = new MedianStoppingOptions().WarmupSteps;

    /// <summary>
    /// What a trial's best value so far is compared with, over the completed trials at its step: the median of their
    /// best values up to the step (BestSoFar, the strictest), of their values at the step (ValueAtStep, Optuna's
    /// MedianPruner), or of their mean values up to the step (RunningAverage, Ray Tune's MedianStoppingRule, on improving
    /// curves the most lenient). Default BestSoFar.
    /// </summary>
    public MedianComparison CompareWith { get; init; } = MedianComparison.BestSoFar;

    /// <summary>The rule's options; refusals name this section's fields.</summary>
    internal MedianStoppingOptions ToOptions(Validation.ValidationErrors errors)
    {
        if (StartupTrials < 1) errors.Add("medianStopping.startupTrials", "must be at least 1");
        if (WarmupSteps < 0) errors.Add("medianStopping.warmupSteps", "must be at least 0");
        if (!Enum.IsDefined(CompareWith))
            errors.Add("medianStopping.compareWith", "must be BestSoFar, ValueAtStep or RunningAverage");
        return new MedianStoppingOptions { StartupTrials = StartupTrials, WarmupSteps = WarmupSteps, Compare = CompareWith };
    }
}
