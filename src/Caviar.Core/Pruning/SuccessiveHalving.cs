using Caviar.Storage;
using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// Asynchronous successive halving (ASHA). Rungs sit at resources r·η^(k+s) (r the minimum resource, η the
/// reduction factor, s the minimum early-stopping rate). When a trial reports at or past a rung, it goes on
/// only if its value there is among the best 1/η of all trials that reached that rung; otherwise it is pruned.
/// The step passed to <c>Report</c> is the resource (epoch, iteration).
/// </summary>
public sealed class SuccessiveHalving(long minResource = 1, long maxResource = long.MaxValue, int reductionFactor = 3,
    int minEarlyStoppingRate = 0, Func<TrialRecord, bool>? peers = null) : IPruner
{
    // Refusals name the parameters; a spec layer renames them to its own paths (Caviar.Specs.SpecPaths).
    public long MinResource { get; } = minResource >= 1 ? minResource
        : throw new Validation.CaviarValidationException(nameof(minResource), "must be at least 1");
    public long MaxResource { get; } = maxResource >= minResource ? maxResource
        : throw new Validation.CaviarValidationException(nameof(maxResource), "must be at least minResource");
    public int ReductionFactor { get; } = reductionFactor >= 2 ? reductionFactor
        : throw new Validation.CaviarValidationException(nameof(reductionFactor), "must be at least 2");

    /// <summary>The rung resources, smallest first, below the max resource.</summary>
    public IEnumerable<long> Rungs()
    {
        double resource = MinResource * Math.Pow(ReductionFactor, minEarlyStoppingRate);
        while (resource < MaxResource)
        {
            yield return (long)resource;
            resource *= ReductionFactor;
        }
    }

    // Finished trials never change: their losses at each rung are kept sorted as they finish (RungIndex), so a decision
    // reads the trials finished since the last one and ranks by binary search; only unfinished peers are read each time.
    private readonly Lock _lock = new();
    private readonly (FinishedTrialFeed Feed, RungIndex Index)?[] _byDirection = new (FinishedTrialFeed, RungIndex)?[2];
    private long[]? _rungs;

    public bool ShouldPrune(TrialRecord trial, IReadOnlyList<TrialRecord> studyTrials, ObjectiveDirection direction)
    {
        if (IntermediateCurves.LastStep(trial) is not { } step) return false;
        var rungs = _rungs ??= Rungs().ToArray();
        int rung = -1;
        for (int i = 0; i < rungs.Length; i++) if (rungs[i] <= step) rung = i;
        if (rung < 0) return false;
        long at = rungs[rung];
        if (IntermediateCurves.LossAt(trial, at, direction) is not { } mine) return false;

        int count, below;
        IEnumerable<TrialRecord> unfinished;
        lock (_lock)
        {
            int slot = direction == ObjectiveDirection.Minimize ? 0 : 1;
            bool Peer(TrialRecord t) => t.Id != trial.Id && (peers?.Invoke(t) ?? true);
            if (_byDirection[slot] is not var (feed, index))
                (feed, index) = (new FinishedTrialFeed(t => peers?.Invoke(t) ?? true), new RungIndex(rungs, direction));
            if (trial.State.IsFinished() || !feed.CanAdvanceTo(studyTrials))
            {
                // A finished trial is left out of its own ranking, and an older read than the last one must not see
                // later trials: rank among these trials alone.
                var alone = new RungIndex(rungs, direction);
                foreach (var other in studyTrials)
                    if (other.State.IsFinished() && Peer(other)) alone.Add(other);
                (count, below) = alone.At(rung, mine);
            }
            else
            {
                var fresh = feed.Advance(studyTrials, out bool restart);
                if (restart) index = new RungIndex(rungs, direction);
                foreach (var finished in fresh) index.Add(finished);
                _byDirection[slot] = (feed, index);
                (count, below) = index.At(rung, mine);
            }
            unfinished = (studyTrials as Storage.TrialHistorySnapshot)?.Unfinished ?? studyTrials.Where(t => !t.State.IsFinished());
            foreach (var other in unfinished)
                if (Peer(other) && IntermediateCurves.LastStep(other) >= at && IntermediateCurves.LossAt(other, at, direction) is { } loss)
                {
                    count++;
                    if (loss < mine) below++;
                }
        }
        int reached = count + 1;   // the trial itself
        int promoted = Math.Max(1, reached / ReductionFactor);
        return below >= promoted;
    }
}
