using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// For successive halving: the finished trials' losses at each rung they reached, kept sorted as trials are added
/// (finished trials never change), so a trial's rank among them is a binary search. Losses that are NaN are counted
/// (they take part) but never rank below anyone.
/// </summary>
internal sealed class RungIndex(IReadOnlyList<long> rungs, ObjectiveDirection direction)
{
    private readonly List<double>[] _sorted = rungs.Select(_ => new List<double>()).ToArray();
    private readonly int[] _nan = new int[rungs.Count];

    public void Add(TrialRecord finished)
    {
        if (IntermediateCurves.LastStep(finished) is not { } last) return;
        for (int i = 0; i < rungs.Count && rungs[i] <= last; i++)
            if (IntermediateCurves.LossAt(finished, rungs[i], direction) is { } loss)
            {
                if (double.IsNaN(loss)) _nan[i]++;
                else SortedLosses.Insert(_sorted[i], loss);
            }
    }

    /// <summary>How many taken-in trials have a loss at rung <paramref name="rung"/>, and how many of those are below <paramref name="loss"/>.</summary>
    public (int Count, int Below) At(int rung, double loss) =>
        (_sorted[rung].Count + _nan[rung], double.IsNaN(loss) ? 0 : SortedLosses.CountBelow(_sorted[rung], loss));
}
