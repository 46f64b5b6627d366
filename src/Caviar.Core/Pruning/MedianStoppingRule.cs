using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// The median stopping rule (SageMaker's early stopping "Auto", Optuna's MedianPruner): at its latest step s,
/// a trial is stopped when the best value it has reached so far is worse than the median of what the
/// completed trials had reached by step s.
/// </summary>
public sealed class MedianStoppingRule(MedianStoppingOptions? options = null) : IPruner
{
    private readonly MedianStoppingOptions _options = options ?? new MedianStoppingOptions();

    public bool ShouldPrune(TrialRecord trial, IReadOnlyList<TrialRecord> studyTrials, ObjectiveDirection direction)
    {
        if (IntermediateCurves.LastStep(trial) is not { } step || step < _options.WarmupSteps) return false;
        var others = studyTrials
            .Where(t => t.Id != trial.Id && t.State == TrialState.Completed)
            .Select(t => IntermediateCurves.BestLossUpTo(t, step, direction))
            .OfType<double>()
            .Order()
            .ToArray();
        if (others.Length < _options.StartupTrials) return false;
        double median = others.Length % 2 == 1
            ? others[others.Length / 2]
            : (others[others.Length / 2 - 1] + others[others.Length / 2]) / 2;
        return IntermediateCurves.BestLossUpTo(trial, step, direction) is { } mine && mine > median;
    }
}

/// <summary>Settings of the median rule; defaults on each property.</summary>
public sealed record MedianStoppingOptions
{
    /// <summary>Completed trials with values at the step needed before any trial is stopped. Default 5.</summary>
    public int StartupTrials { get; init; } = 5;

    /// <summary>Steps before which no trial is stopped (the first epochs are noisy). Default 1.</summary>
    public long WarmupSteps { get; init; } = 1;
}
