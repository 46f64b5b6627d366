using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// The completed trials' losses by step as <paramref name="comparison"/> sums them up (by default their best losses up
/// to the step), kept sorted as trials are added (finished trials never change), so the median at a step is a lookup.
/// What a trial stands for at step s only changes at steps some trial reported, so the sorted losses are kept per
/// reported step and a question about step s is answered from the latest reported step at or before s (from s itself
/// when the comparison is of values at the step). While every reported step's list fits in
/// <see cref="MaxKeptLosses"/>, all are kept (built when a step first appears, then updated on each added trial); past
/// that, lists are built when asked for and dropped when the total would exceed it.
/// </summary>
internal sealed class MedianIndex(ObjectiveDirection direction, MedianComparison comparison = MedianComparison.BestSoFar)
{
    /// <summary>Losses kept in all sorted lists together (32 MB); past it, lists are built on demand.</summary>
    private const long MaxKeptLosses = 4_000_000;

    /// <summary>Trials added at once past which every list is rebuilt by one sort instead of by insertions.</summary>
    private const int BulkAdd = 64;

    private readonly List<CompletedLossCurve> _curves = [];
    private readonly List<long> _steps = [];                          // every step a taken-in trial reported, ascending
    private readonly Dictionary<long, List<double>> _sortedAt = [];   // step → its losses, ascending

    private bool KeepsAll => (long)_steps.Count * _curves.Count <= MaxKeptLosses;

    public void Add(IReadOnlyList<TrialRecord> completed)
    {
        if (completed.Count == 0) return;
        var curves = completed.Select(trial => CompletedLossCurve.Of(trial, direction, comparison)).ToList();
        _curves.AddRange(curves);
        foreach (var curve in curves)
            foreach (long step in curve.Steps)
            {
                int at = _steps.BinarySearch(step);
                if (at < 0) _steps.Insert(~at, step);
            }
        if (curves.Count > BulkAdd || !KeepsAll) _sortedAt.Clear();
        else
            foreach (var (step, sorted) in _sortedAt)
                foreach (var curve in curves)
                    if (curve.At(step) is { } loss) SortedLosses.Insert(sorted, loss);
        if (KeepsAll)
            foreach (long step in _steps)
                if (!_sortedAt.ContainsKey(step)) _sortedAt[step] = Build(step);
    }

    /// <summary>The sorted losses the taken-in trials stand for at <paramref name="step"/> (those with one), or null if none.</summary>
    public List<double>? LossesAt(long step)
    {
        int index = _steps.BinarySearch(step);
        if (index < 0) index = comparison == MedianComparison.ValueAtStep ? -1 : ~index - 1;
        if (index < 0) return null;
        long key = _steps[index];
        if (!_sortedAt.TryGetValue(key, out var sorted))
        {
            sorted = Build(key);
            if ((_sortedAt.Count + 1L) * _curves.Count > MaxKeptLosses) _sortedAt.Clear();
            _sortedAt[key] = sorted;
        }
        return sorted;
    }

    private List<double> Build(long step)
    {
        var sorted = new List<double>(_curves.Count);
        foreach (var curve in _curves)
            if (curve.At(step) is { } loss) sorted.Add(loss);
        sorted.Sort();
        return sorted;
    }
}
