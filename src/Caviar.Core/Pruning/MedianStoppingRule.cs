using System.Runtime.CompilerServices;
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

    // Completed trials never change: each one's best-loss curve is computed once per direction and kept with the trial
    // record (the study's trial cache hands out the same records), so a report costs a lookup per completed trial.
    private readonly ConditionalWeakTable<TrialRecord, BestLossCurve> _minimizing = new(), _maximizing = new();

    public bool ShouldPrune(TrialRecord trial, IReadOnlyList<TrialRecord> studyTrials, ObjectiveDirection direction)
    {
        if (IntermediateCurves.LastStep(trial) is not { } step || step < _options.WarmupSteps) return false;
        var curves = direction == ObjectiveDirection.Minimize ? _minimizing : _maximizing;
        var others = new List<double>(studyTrials.Count);
        foreach (var other in studyTrials)
            if (other.Id != trial.Id && other.State == TrialState.Completed &&
                curves.GetValue(other, completed => BestLossCurve.Of(completed, direction)).UpTo(step) is { } loss)
                others.Add(loss);
        if (others.Count < _options.StartupTrials) return false;
        others.Sort();
        double median = others.Count % 2 == 1
            ? others[others.Count / 2]
            : (others[others.Count / 2 - 1] + others[others.Count / 2]) / 2;
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
