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

    public bool ShouldPrune(TrialRecord trial, IReadOnlyList<TrialRecord> studyTrials, ObjectiveDirection direction)
    {
        if (IntermediateCurves.LastStep(trial) is not { } step) return false;
        long? rung = null;
        foreach (var r in Rungs()) if (r <= step) rung = r;
        if (rung is not { } at) return false;
        if (IntermediateCurves.LossAt(trial, at, direction) is not { } mine) return false;

        var reached = studyTrials
            .Where(t => t.Id != trial.Id && (peers?.Invoke(t) ?? true) && IntermediateCurves.LastStep(t) >= at)
            .Select(t => IntermediateCurves.LossAt(t, at, direction))
            .OfType<double>()
            .ToList();
        reached.Add(mine);
        int promoted = Math.Max(1, reached.Count / ReductionFactor);
        int rank = reached.Count(other => other < mine);
        return rank >= promoted;
    }
}
