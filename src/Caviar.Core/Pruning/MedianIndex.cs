using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// The completed trials' best losses by step, kept sorted as trials are added (finished trials never change), so the
/// median at a step is a lookup. A trial's best loss up to step s only changes at steps some trial reported, so the
/// sorted losses are kept per reported step (built when first asked for, then updated on each added trial) and a
/// question about step s is answered from the latest reported step at or before s.
/// </summary>
internal sealed class MedianIndex(ObjectiveDirection direction)
{
    /// <summary>Losses kept in all sorted lists together before they are dropped (rebuilt when asked for again): 32 MB.</summary>
    private const long MaxKeptLosses = 4_000_000;

    private readonly List<BestLossCurve> _curves = [];
    private readonly List<long> _steps = [];                          // every step a taken-in trial reported, ascending
    private readonly Dictionary<long, List<double>> _sortedAt = [];   // step → its losses, ascending

    public void Add(TrialRecord completed)
    {
        var curve = BestLossCurve.Of(completed, direction);
        _curves.Add(curve);
        foreach (long step in curve.Steps)
        {
            int at = _steps.BinarySearch(step);
            if (at < 0) _steps.Insert(~at, step);
        }
        foreach (var (step, sorted) in _sortedAt)
            if (curve.UpTo(step) is { } loss) SortedLosses.Insert(sorted, loss);
    }

    /// <summary>The sorted best losses of the taken-in trials up to <paramref name="step"/> (those with one), or null if none.</summary>
    public List<double>? LossesUpTo(long step)
    {
        int index = _steps.BinarySearch(step);
        if (index < 0) index = ~index - 1;
        if (index < 0) return null;
        long key = _steps[index];
        if (!_sortedAt.TryGetValue(key, out var sorted))
        {
            sorted = new List<double>(_curves.Count);
            foreach (var curve in _curves)
                if (curve.UpTo(key) is { } loss) sorted.Add(loss);
            sorted.Sort();
            if ((_sortedAt.Count + 1L) * _curves.Count > MaxKeptLosses) _sortedAt.Clear();
            _sortedAt[key] = sorted;
        }
        return sorted;
    }
}
