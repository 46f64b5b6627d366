using Caviar.SearchSpaces;

namespace Caviar.Strategies;

/// <summary>A completed trial as a point of the unit cube (categorical coordinates hold the choice index).</summary>
internal readonly record struct CubePoint(double[] Coordinates, double Loss, int Number);

/// <summary>The completed trials that drew every one of some ranges with exactly those ranges, as cube points.</summary>
internal static class UnitCubeObservations
{
    /// <summary>Choice counts per dimension: 0 for numeric dimensions, K for categorical ones.</summary>
    public static int[] Choices(IReadOnlyList<ParameterRange> ranges) =>
        ranges.Select(r => r is CategoricalRange c ? c.Values.Count : 0).ToArray();

    public static List<CubePoint> Collect(StrategyContext context, IReadOnlyList<ParameterRange> ranges)
    {
        var choices = Choices(ranges);
        var points = new List<CubePoint>();
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
            if (usable) points.Add(new CubePoint(point, candidate.Loss, trial.Number));
        }
        return points;
    }

    /// <summary>The internal value of a range for a cube coordinate.</summary>
    public static double ToInternal(ParameterRange range, double coordinate) =>
        range is CategoricalRange ? coordinate : range.FromUnit(coordinate);

    /// <summary>A uniformly random cube point (categorical coordinates as choice indices).</summary>
    public static double[] Random(Random random, int[] choices) =>
        choices.Select(k => k == 0 ? random.NextDouble() : random.Next(k)).ToArray();
}
