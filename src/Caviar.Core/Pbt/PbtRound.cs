using Caviar.SearchSpaces;
using Caviar.Strategies;
using Caviar.Trials;

namespace Caviar.Pbt;

/// <summary>
/// The exploit/explore decision of population-based training at the end of a round (Ray Tune's truncation selection):
/// members are ranked by their round's score; each member of the bottom quantile (<see cref="PbtOptions.QuantileSize"/>)
/// copies the checkpoint of a member drawn from the top quantile and trains on with that member's values explored
/// (<see cref="PbtExplore"/>); everyone else goes on unchanged. A member without a score (its trial failed) ranks
/// last. Randomness is seeded from the study seed and the round, so the same scores always give the same decisions.
/// </summary>
public static class PbtRound
{
    /// <summary>
    /// The decisions for round <paramref name="nextRound"/>, one per member, from the values each member trained with in
    /// the round before (<paramref name="current"/>, internal values) and its <paramref name="scores"/> (null: failed).
    /// </summary>
    public static IReadOnlyList<PbtDecision> Decide(SearchSpace space, PbtOptions options, ObjectiveDirection direction,
        IReadOnlyList<IReadOnlyDictionary<string, double>> current, IReadOnlyList<double?> scores, int seed, int nextRound)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(scores.Count, current.Count);
        var random = new Random(SeedMixer.ForTrial(seed, nextRound));
        int n = current.Count;
        // Best first; members without a score last; ties by member number, so the order never depends on sorting.
        var ranked = Enumerable.Range(0, n)
            .OrderBy(m => scores[m] is null ? 1 : 0)
            .ThenBy(m => scores[m] is { } s ? direction.ToLoss(s) : 0)
            .ThenBy(m => m)
            .ToList();
        int quantile = options.QuantileSize(n);
        var top = ranked.Take(quantile).Where(m => scores[m] is not null).ToList();
        var bottom = top.Count == 0 ? [] : ranked.Skip(n - quantile).ToHashSet();
        var decisions = new PbtDecision[n];
        for (int member = 0; member < n; member++)
        {
            if (!bottom.Contains(member) || top.Contains(member))
            {
                decisions[member] = new PbtDecision(member, null, current[member]);
                continue;
            }
            int source = top[random.Next(top.Count)];
            decisions[member] = new PbtDecision(member, source, PbtExplore.Explore(space, current[source], options, random));
        }
        return decisions;
    }

    /// <summary>Round 0's values: each member's drawn uniformly (in each range's scaling) from <paramref name="space"/>, seeded.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> InitialPopulation(SearchSpace space, int populationSize, int seed)
    {
        var random = new Random(SeedMixer.ForTrial(seed, 0));
        return Enumerable.Range(0, populationSize)
            .Select(_ => (IReadOnlyDictionary<string, double>)space.Ranges.ToDictionary(r => r.Name, r => r.FromUnit(random.NextDouble())))
            .ToList();
    }
}
