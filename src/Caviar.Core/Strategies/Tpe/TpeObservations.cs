using Caviar.SearchSpaces;

namespace Caviar.Strategies.Tpe;

/// <summary>
/// Completed trials that drew every range of a space with that same range, as points of the unit cube
/// (categorical dimensions hold the choice index), split into good and poor by loss.
/// </summary>
internal sealed class TpeObservations
{
    private TpeObservations(int[] choices, List<double[]> good, List<double[]> poor, double[] poorWeights)
    {
        Choices = choices;
        Good = good;
        Poor = poor;
        PoorWeights = poorWeights;
    }

    public int[] Choices { get; }
    public List<double[]> Good { get; }
    public List<double[]> Poor { get; }
    public double[] PoorWeights { get; }
    public int Count => Good.Count + Poor.Count;

    public static TpeObservations Collect(StrategyContext context, IReadOnlyList<ParameterRange> ranges,
        TpeOptions options)
    {
        var choices = ranges.Select(r => r is CategoricalRange c ? c.Values.Count : 0).ToArray();
        var scored = new List<(double Loss, int Number, double[] Point)>();
        foreach (var candidate in context.Completed)
        {
            var trial = candidate.Trial;
            var point = new double[ranges.Count];
            bool usable = true;
            for (int d = 0; d < ranges.Count && usable; d++)
            {
                var range = ranges[d];
                usable = trial.Params.TryGetValue(range.Name, out double value)
                         && trial.Distributions[range.Name].Equals(range);
                if (usable) point[d] = choices[d] == 0 ? range.ToUnit(value) : value;
            }
            if (usable) scored.Add((candidate.Loss, trial.Number, point));
        }

        int goodCount = Math.Min((int)Math.Ceiling(options.GoodFraction * scored.Count), options.MaxGoodTrials);
        var ranked = scored.OrderBy(s => s.Loss).ThenBy(s => s.Number).ToList();
        var good = ranked.Take(goodCount).Select(s => s.Point).ToList();
        var poorTrials = ranked.Skip(goodCount).OrderBy(s => s.Number).ToList();
        var poorWeights = RecencyWeights(poorTrials.Count, options.FullWeightRecentTrials);
        return new TpeObservations(choices, good, poorTrials.Select(s => s.Point).ToList(), poorWeights);
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
