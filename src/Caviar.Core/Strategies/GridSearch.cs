using Caviar.SearchSpaces;

namespace Caviar.Strategies;

/// <summary>
/// Visits every combination of a space of categorical, integer and stepped continuous ranges exactly once; the number of
/// trials is the grid size. Trial n takes grid point (a·n + b) mod size, a fixed permutation drawn from
/// the seed, so workers sharing a store never repeat a point (trial numbers are unique) and the order
/// does not favour the first range.
/// </summary>
public sealed class GridSearch : ISearchStrategy
{
    public string Name => "grid";

    public bool UsesHistory => false;

    public bool SupportsMultipleObjectives => true;

    public long? InherentTrialLimit(SearchSpace space) => space.GridSize();

    public IReadOnlyDictionary<string, double> ProposeJoint(StrategyContext context, SearchSpace space)
    {
        long size = space.GridSize();
        long index = Permute(context.TrialNumber % size, size, context.StudySeed);
        var point = new Dictionary<string, double>();
        foreach (var range in space.Ranges)
        {
            long count = range.Cardinality!.Value;
            long offset = index % count;
            index /= count;
            point[range.Name] = range.ValueAt(offset);
        }
        return point;
    }

    public double ProposeOne(StrategyContext context, ParameterRange range) =>
        throw new InvalidOperationException(
            $"Grid search needs the whole search space up front; '{range.Name}' was not declared in it.");

    private static long Permute(long n, long size, int seed)
    {
        if (size == 1) return 0;
        var rng = new Random(seed);
        long step;
        do step = rng.NextInt64(1, size); while (Gcd(step, size) != 1);
        long shift = rng.NextInt64(0, size);
        return (long)(((Int128)step * n + shift) % size);
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
