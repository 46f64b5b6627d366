using System.Buffers;

namespace Caviar.Strategies.Tpe;

/// <summary>
/// Completed trials that drew every range of a space with that same range, as points of the unit cube
/// (categorical dimensions hold the choice index), split into good and poor by loss. A one-objective split keeps its
/// poor trials (nearly all of them: arrays the size of the study) in arrays rented from the shared pools, which
/// <see cref="Dispose"/> gives back: an ask then allocates nothing in proportion to the study.
/// </summary>
internal sealed class TpeObservations : IDisposable
{
    private double[][]? _rentedPoor;
    private double[]? _rentedWeights;
    private int[]? _rentedOrder;

    public TpeObservations(int[] choices, List<double[]> good, double[] goodWeights, IReadOnlyList<double[]> poor,
        IReadOnlyList<double> poorWeights)
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
    public IReadOnlyList<double[]> Poor { get; }
    public IReadOnlyList<double> PoorWeights { get; }
    public int Count => Good.Count + Poor.Count;

    /// <summary>Indices into <see cref="Poor"/> ascending by the first numeric coordinate, when the split was given that order.</summary>
    public IReadOnlyList<int>? PoorOrder { get; private init; }

    /// <summary>Gives the rented arrays back (an estimator built on <see cref="Poor"/> must not be used after).</summary>
    public void Dispose()
    {
        if (_rentedPoor is not null) ArrayPool<double[]>.Shared.Return(_rentedPoor, clearArray: true);
        if (_rentedWeights is not null) ArrayPool<double>.Shared.Return(_rentedWeights);
        if (_rentedOrder is not null) ArrayPool<int>.Shared.Return(_rentedOrder);
        (_rentedPoor, _rentedWeights, _rentedOrder) = (null, null, null);
    }

    /// <summary>
    /// Splits <paramref name="scored"/> (in trial-number order) into the good trials, best first, and the rest. Given
    /// <paramref name="byFirstNumeric"/> (indices into <paramref name="scored"/> ascending by the first numeric
    /// coordinate), the poor trials' order along it is derived in one pass (<see cref="PoorOrder"/>).
    /// </summary>
    public static TpeObservations Split(ReadOnlySpan<CubePoint> scored, int[] choices, TpeOptions options,
        ReadOnlySpan<int> byFirstNumeric = default, bool ordered = false)
    {
        int goodCount = GoodCount(scored.Length, options);
        var goodIndices = BestIndices(scored, goodCount);
        var good = new List<double[]>(goodIndices.Count);
        foreach (int i in goodIndices) good.Add(scored[i].Coordinates);
        var isGood = ArrayPool<bool>.Shared.Rent(Math.Max(scored.Length, 1));
        Array.Clear(isGood, 0, scored.Length);
        foreach (int i in goodIndices) isGood[i] = true;
        int poorCount = scored.Length - goodIndices.Count;
        var poor = ArrayPool<double[]>.Shared.Rent(Math.Max(poorCount, 1));
        for (int i = 0, p = 0; i < scored.Length; i++)
            if (!isGood[i]) poor[p++] = scored[i].Coordinates;
        var weights = ArrayPool<double>.Shared.Rent(Math.Max(poorCount, 1));
        RecencyWeights(weights.AsSpan(0, poorCount), options.FullWeightRecentTrials);
        var order = ordered ? PoorOrderOf(byFirstNumeric, isGood.AsSpan(0, scored.Length), poorCount) : null;
        ArrayPool<bool>.Shared.Return(isGood);
        return new TpeObservations(choices, good, Enumerable.Repeat(1.0, good.Count).ToArray(),
            new ArraySegment<double[]>(poor, 0, poorCount), new ArraySegment<double>(weights, 0, poorCount))
        {
            PoorOrder = order is null ? null : (IReadOnlyList<int>)new ArraySegment<int>(order, 0, poorCount),
            _rentedPoor = poor, _rentedWeights = weights, _rentedOrder = order,
        };
    }

    /// <summary>
    /// The poor trials' indices (their place in the poor list) in the order <paramref name="byFirstNumeric"/> gives, in
    /// an array rented from the shared pool (its first <paramref name="poorCount"/> entries).
    /// </summary>
    private static int[] PoorOrderOf(ReadOnlySpan<int> byFirstNumeric, ReadOnlySpan<bool> isGood, int poorCount)
    {
        var poorIndex = ArrayPool<int>.Shared.Rent(Math.Max(isGood.Length, 1));
        for (int i = 0, p = 0; i < isGood.Length; i++) poorIndex[i] = isGood[i] ? -1 : p++;
        var order = ArrayPool<int>.Shared.Rent(Math.Max(poorCount, 1));
        int at = 0;
        foreach (int i in byFirstNumeric)
            if (poorIndex[i] >= 0) order[at++] = poorIndex[i];
        ArrayPool<int>.Shared.Return(poorIndex);
        return order;
    }

    /// <summary>Indices of the <paramref name="count"/> lowest losses (earlier trials first on ties), best first.</summary>
    private static List<int> BestIndices(ReadOnlySpan<CubePoint> scored, int count)
    {
        var best = new List<int>(count + 1);
        for (int i = 0; i < scored.Length; i++)
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
        RecencyWeights(weights, fullWeight);
        return weights;
    }

    /// <summary><see cref="RecencyWeights(int, int)"/> for n = <paramref name="weights"/>' length, written into it.</summary>
    private static void RecencyWeights(Span<double> weights, int fullWeight)
    {
        int n = weights.Length;
        int ramped = Math.Max(n - fullWeight, 0);
        for (int i = 0; i < n; i++) weights[i] = RecencyWeight(i, n, ramped);
    }

    /// <summary>The weight of trial <paramref name="i"/> of <paramref name="n"/> when the first <paramref name="ramped"/> ramp up (<see cref="RecencyWeights(int, int)"/>).</summary>
    internal static double RecencyWeight(int i, int n, int ramped) => i < ramped ? (1.0 / n) + (1.0 - 1.0 / n) * i / ramped : 1.0;

    /// <summary><see cref="BestIndices(ReadOnlySpan{CubePoint}, int)"/> over the losses alone.</summary>
    internal static List<int> BestIndices(ReadOnlySpan<double> losses, int count)
    {
        var best = new List<int>(count + 1);
        for (int i = 0; i < losses.Length; i++)
        {
            if (best.Count == count && (count == 0 || losses[i] >= losses[best[^1]])) continue;
            int at = best.Count;
            while (at > 0 && losses[best[at - 1]] > losses[i]) at--;
            best.Insert(at, i);
            if (best.Count > count) best.RemoveAt(best.Count - 1);
        }
        return best;
    }

    /// <summary>How many trials of <paramref name="completed"/> count as good.</summary>
    internal static int GoodCount(int completed, TpeOptions options) =>
        Math.Min((int)Math.Ceiling(options.GoodFraction * completed), options.MaxGoodTrials);
}
