using Caviar.Storage;
using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// The median stopping rule (early stopping "Auto"): at its latest step s, a trial is stopped when the best value it
/// has reached so far is worse than the median, over the completed trials, of what they had at step s: by default
/// their best values up to s; <see cref="MedianStoppingOptions.Compare"/> chooses Optuna's <c>MedianPruner</c> (their
/// values at s) or Ray Tune's <c>MedianStoppingRule</c> (their mean values up to s) instead.
/// </summary>
public sealed class MedianStoppingRule(MedianStoppingOptions? options = null) : IPruner
{
    private readonly MedianStoppingOptions _options = options ?? new MedianStoppingOptions();

    // Completed trials never change: their losses are kept sorted per step as they complete (MedianIndex), so a
    // decision reads the trials completed since the last one (the study's trial cache says which) and looks the median up.
    private readonly Lock _lock = new();
    private readonly (FinishedTrialFeed Feed, MedianIndex Index)[] _byDirection = new (FinishedTrialFeed, MedianIndex)[2];

    public bool ShouldPrune(TrialRecord trial, IReadOnlyList<TrialRecord> studyTrials, ObjectiveDirection direction)
    {
        if (IntermediateCurves.LastStep(trial) is not { } step || step < _options.WarmupSteps) return false;
        if (IntermediateCurves.BestLossUpTo(trial, step, direction) is not { } mine) return false;
        List<double>? others;
        lock (_lock)
        {
            int slot = direction == ObjectiveDirection.Minimize ? 0 : 1;
            var (feed, index) = _byDirection[slot];
            feed ??= new FinishedTrialFeed(t => t.State == TrialState.Completed);
            if (trial.State == TrialState.Completed || !feed.CanAdvanceTo(studyTrials))
            {
                // A completed trial is left out of its own comparison, and an older read than the last one must not see
                // later trials: decide from these trials alone.
                var alone = new MedianIndex(direction, _options.Compare);
                alone.Add([.. studyTrials.Where(other => other.Id != trial.Id && other.State == TrialState.Completed)]);
                others = alone.LossesAt(step);
            }
            else
            {
                var fresh = feed.Advance(studyTrials, out bool restart);
                if (restart || index is null) index = new MedianIndex(direction, _options.Compare);
                index.Add(fresh);
                _byDirection[slot] = (feed, index);
                others = index.LossesAt(step);
            }
            if (others is null || others.Count < _options.StartupTrials) return false;
            return mine > SortedLosses.Median(others);
        }
    }
}

/// <summary>Settings of the median rule; defaults on each property.</summary>
public sealed record MedianStoppingOptions
{
    /// <summary>Completed trials with values at the step needed before any trial is stopped. Default 5.</summary>
    public int StartupTrials { get; init; } = 5;

    /// <summary>Steps before which no trial is stopped (the first epochs are noisy). Default 1.</summary>
    public long WarmupSteps { get; init; } = 1;

    /// <summary>
    /// What the median is taken of, over the completed trials at the step (<see cref="MedianComparison"/>). Default
    /// <see cref="MedianComparison.BestSoFar"/>, their best values up to the step.
    /// </summary>
    public MedianComparison Compare { get; init; } = MedianComparison.BestSoFar;
}
