using Caviar.SearchSpaces;

namespace Caviar.Strategies.Tpe;

/// <summary>
/// Completed trials that drew every range of a space with that same range, as points of the unit cube
/// (categorical dimensions hold the choice index), split into good and poor by loss.
/// </summary>
internal sealed class TpeObservations
{
    public TpeObservations(int[] choices, List<double[]> good, double[] goodWeights, List<double[]> poor, double[] poorWeights)
    {
        Choices = choices;
        Good = good;
        GoodWeights = goodWeights;
        Poor = poor;
        PoorWeights = poorWeights;
    }

    public int[] Choices { get; }
    public List<double[]> Good { get; }
    public double[] GoodWeights { get; }
    public List<double[]> Poor { get; }
    public double[] PoorWeights { get; }
    public int Count => Good.Count + Poor.Count;

    /// <summary>Indices into <see cref="Poor"/> ascending by the first numeric coordinate, when the split was given that order.</summary>
    public int[]? PoorOrder { get; private init; }

    /// <summary>
    /// Splits <paramref name="scored"/> (in trial-number order) into the good trials, best first, and the rest. Given
    /// <paramref name="byFirstNumeric"/> (indices into <paramref name="scored"/> ascending by the first numeric
    /// coordinate), the poor trials' order along it is derived in one pass (<see cref="PoorOrder"/>).
    /// </summary>
    public static TpeObservations Split(List<CubePoint> scored, int[] choices, TpeOptions options, int[]? byFirstNumeric = null)
    {
        int goodCount = Math.Min((int)Math.Ceiling(options.GoodFraction * scored.Count), options.MaxGoodTrials);
        var goodIndices = BestIndices(scored, goodCount);
        var good = goodIndices.Select(i => scored[i].Coordinates).ToList();
        var isGood = new bool[scored.Count];
        foreach (int i in goodIndices) isGood[i] = true;
        var poor = new List<double[]>(scored.Count - goodCount);
        for (int i = 0; i < scored.Count; i++)
            if (!isGood[i]) poor.Add(scored[i].Coordinates);
        return new TpeObservations(choices, good, Enumerable.Repeat(1.0, good.Count).ToArray(), poor, RecencyWeights(poor.Count, options.FullWeightRecentTrials))
        {
            PoorOrder = byFirstNumeric is null ? null : PoorOrderOf(byFirstNumeric, isGood, poor.Count),
        };
    }

    /// <summary>The poor trials' indices (their place in the poor list) in the order <paramref name="byFirstNumeric"/> gives.</summary>
    private static int[] PoorOrderOf(int[] byFirstNumeric, bool[] isGood, int poorCount)
    {
        var poorIndex = new int[isGood.Length];
        for (int i = 0, p = 0; i < isGood.Length; i++) poorIndex[i] = isGood[i] ? -1 : p++;
        var order = new int[poorCount];
        int at = 0;
        foreach (int i in byFirstNumeric)
            if (poorIndex[i] >= 0) order[at++] = poorIndex[i];
        return order;
    }

    /// <summary>Indices of the <paramref name="count"/> lowest losses (earlier trials first on ties), best first.</summary>
    private static List<int> BestIndices(List<CubePoint> scored, int count)
    {
        var best = new List<int>(count + 1);
        for (int i = 0; i < scored.Count; i++)
        {
            if (best.Count == count && (count == 0 || scored[i].Loss >= scored[best[^1]].Loss)) continue;
            int at = best.Count;
            while (at > 0 && scored[best[at - 1]].Loss > scored[i].Loss) at--;
            best.Insert(at, i);
            if (best.Count > count) best.RemoveAt(best.Count - 1);
        }
        return best;
    }

    /// <summary>
    /// Weights for trials in number order: the newest <paramref name="fullWeight"/> weigh 1, older ones
    /// ramp linearly from 1/n up to 1, so a long history does not drown what was learned lately.
    /// </summary>
    public static double[] RecencyWeights(int n, int fullWeight)
    {
        var weights = new double[n];
        int ramped = Math.Max(n - fullWeight, 0);
        for (int i = 0; i < n; i++)
            weights[i] = i < ramped ? (1.0 / n) + (1.0 - 1.0 / n) * i / ramped : 1.0;
        return weights;
    }
}
