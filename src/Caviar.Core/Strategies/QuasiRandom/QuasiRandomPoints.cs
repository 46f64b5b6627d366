using System.Collections.Concurrent;
using Caviar.SearchSpaces;

namespace Caviar.Strategies.QuasiRandom;

/// <summary>
/// Cube points (categorical coordinates as choice indices) of a study's scrambled Sobol sequence: trial n gets
/// point n. A list of several ranges uses one sequence of that many dimensions, scrambled from the study seed; a range
/// met on its own (define-by-run, before the space is known) uses a one-dimensional sequence scrambled from the seed
/// and the range's name, so each such range is spread evenly over trials too. Over <see cref="SobolSequence.MaxDimensions"/>
/// ranges, points are uniformly random.
/// </summary>
internal static class QuasiRandomPoints
{
    private static readonly ConcurrentDictionary<(int Dimensions, int Seed), SobolSequence> Sequences = new();

    public static double[] For(StrategyContext context, IReadOnlyList<ParameterRange> ranges)
    {
        var choices = UnitCubeObservations.Choices(ranges);
        if (ranges.Count > SobolSequence.MaxDimensions) return UnitCubeObservations.Random(context.Random, choices);
        int seed = ranges.Count == 1
            ? SeedMixer.ForTrial(context.StudySeed, StableHash(ranges[0].Name))
            : SeedMixer.ForTrial(context.StudySeed, int.MinValue + ranges.Count);
        if (Sequences.Count > 256) Sequences.Clear();
        var sequence = Sequences.GetOrAdd((ranges.Count, seed), key => SobolSequence.Scrambled(key.Dimensions, key.Seed));
        var point = sequence.Point(Math.Max(context.TrialNumber, 0));
        for (int d = 0; d < point.Length; d++)
            if (choices[d] != 0) point[d] = Math.Min(Math.Floor(point[d] * choices[d]), choices[d] - 1);
        return point;
    }

    /// <summary>FNV-1a over the name's characters: the same in every process (string.GetHashCode is not).</summary>
    private static int StableHash(string name)
    {
        uint hash = 2166136261;
        foreach (char c in name) hash = (hash ^ c) * 16777619;
        return (int)hash;
    }
}
