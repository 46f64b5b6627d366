using System.Runtime.CompilerServices;
using Caviar.SearchSpaces;
using Caviar.Trials;

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
        var points = new List<CubePoint>(context.Completed.Count);
        foreach (var candidate in context.Completed)
            if (PointOf(candidate.Trial, ranges, choices) is { } point)
                points.Add(new CubePoint(point, candidate.Loss, candidate.Trial.Number));
        return points;
    }

    // A finished trial never changes, so its point for a given list of ranges is computed once. Stores that hand
    // out the same record objects on every read (the in-memory one) hit this cache on every suggestion.
    private static readonly ConditionalWeakTable<TrialRecord, CachedPoint> Cache = new();

    private sealed record CachedPoint(IReadOnlyList<ParameterRange> Ranges, double[]? Point);

    internal static double[]? PointOf(TrialRecord trial, IReadOnlyList<ParameterRange> ranges, int[] choices)
    {
        if (Cache.TryGetValue(trial, out var cached) && ReferenceEquals(cached.Ranges, ranges)) return cached.Point;
        var point = ComputePoint(trial, ranges, choices);
        Cache.AddOrUpdate(trial, new CachedPoint(ranges, point));
        return point;
    }

    /// <summary>The trial's cube point for these ranges, or null when it did not draw all of them with exactly them.</summary>
    public static double[]? ComputePoint(TrialRecord trial, IReadOnlyList<ParameterRange> ranges, int[] choices)
    {
        var point = new double[ranges.Count];
        for (int d = 0; d < ranges.Count; d++)
        {
            var range = ranges[d];
            if (!trial.Params.TryGetValue(range.Name, out double value) || !trial.Distributions[range.Name].Equals(range))
            {
                point = null;
                break;
            }
            point[d] = choices[d] == 0 ? range.ToUnit(value) : value;
        }
        return point;
    }

    /// <summary>The internal value of a range for a cube coordinate.</summary>
    public static double ToInternal(ParameterRange range, double coordinate) =>
        range is CategoricalRange ? coordinate : range.FromUnit(coordinate);

    /// <summary>A uniformly random cube point (categorical coordinates as choice indices).</summary>
    public static double[] Random(Random random, int[] choices) =>
        choices.Select(k => k == 0 ? random.NextDouble() : random.Next(k)).ToArray();
}
