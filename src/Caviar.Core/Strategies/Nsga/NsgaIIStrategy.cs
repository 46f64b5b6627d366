using Caviar.SearchSpaces;
using Caviar.Strategies.Nsga;
using Caviar.Trials;

namespace Caviar.Strategies;

/// <summary>
/// NSGA-II (Deb et al. 2002), the default strategy for several objectives. Trial n belongs to generation
/// n / <see cref="NsgaIIOptions.PopulationSize"/>; generation 0 is drawn at random. The parents of generation g are the
/// survivors (<see cref="Survivors"/>) of generation g−1's parents and g−1's completed trials; each child is made
/// from two parents chosen by binary tournament, crossed (simulated binary crossover for numbers, uniform for
/// choices) and mutated (polynomial / a random choice). Constraints rank feasible before infeasible, infeasible by
/// total violation. Parents are cached per generation, so an ask costs a pass over the history's states.
/// Ranges met for the first time (define-by-run) are drawn at random.
/// </summary>
public sealed class NsgaIIStrategy : ISearchStrategy
{
    private readonly NsgaIIOptions _options;
    private readonly Lock _lock = new();
    private ParentCache? _cache;

    public NsgaIIStrategy(NsgaIIOptions? options = null)
    {
        _options = options ?? new NsgaIIOptions();
        _options.Validate();
    }

    public string Name => "nsga2";

    public NsgaIIOptions Options => _options;

    public bool SupportsMultipleObjectives => true;

    public IReadOnlyDictionary<string, double> ProposeJoint(StrategyContext context, SearchSpace space)
    {
        var ranges = space.Ranges;
        var choices = UnitCubeObservations.Choices(ranges);
        int generation = context.TrialNumber / _options.PopulationSize;
        var parents = generation == 0 ? [] : Parents(context, ranges, choices, generation);
        double[] point;
        if (parents.Count < 2)
            point = UnitCubeObservations.Random(context.Random, choices);
        else
        {
            var random = context.Random;
            var first = Tournament(parents, random);
            point = random.NextDouble() < _options.CrossoverProbability
                ? Variation.Crossover(first.Point, Tournament(parents, random, first).Point, choices, _options.CrossoverEta, random)
                : (double[])first.Point.Clone();
            Variation.Mutate(point, choices, _options.MutationProbability ?? 1.0 / ranges.Count, _options.MutationEta, random);
        }
        return ranges.Select((range, d) => (range, d))
            .ToDictionary(x => x.range.Name, x => UnitCubeObservations.ToInternal(x.range, point[x.d]));
    }

    public double ProposeOne(StrategyContext context, ParameterRange range) => range.FromUnit(context.Random.NextDouble());

    private static Member Tournament(List<Member> parents, Random random, Member? not = null)
    {
        Member Pick()
        {
            var picked = parents[random.Next(parents.Count)];
            // A second parent differs from the first when the population allows it.
            for (int tries = 0; ReferenceEquals(picked, not) && tries < 4; tries++) picked = parents[random.Next(parents.Count)];
            return picked;
        }
        var a = Pick();
        var b = Pick();
        return b.BeatsInTournament(a) ? b : a;
    }

    /// <summary>
    /// The parents of <paramref name="generation"/>, from the cache when the completed trials of the earlier
    /// generations are those it was built from (a finished trial never changes, so their count tells).
    /// </summary>
    private List<Member> Parents(StrategyContext context, IReadOnlyList<ParameterRange> ranges, int[] choices, int generation)
    {
        int size = _options.PopulationSize;
        var completedPerGeneration = new int[generation];
        foreach (var trial in context.History)
            if (trial.State == TrialState.Completed && trial.Number < generation * size)
                completedPerGeneration[trial.Number / size]++;
        lock (_lock)
        {
            if (_cache is null || !_cache.Fits(ranges, context.Directions))
                _cache = new ParentCache(ranges, context.Directions);
            return _cache.Get(context, choices, completedPerGeneration, size);
        }
    }

    /// <summary>Parent populations per generation, each with the completed counts it was built from.</summary>
    private sealed class ParentCache(IReadOnlyList<ParameterRange> ranges, IReadOnlyList<ObjectiveDirection> directions)
    {
        private readonly List<(int Completed, List<Member> Parents)> _generations = [];

        public bool Fits(IReadOnlyList<ParameterRange> other, IReadOnlyList<ObjectiveDirection> otherDirections) =>
            other.SequenceEqual(ranges) && otherDirections.SequenceEqual(directions);

        public List<Member> Get(StrategyContext context, int[] choices, int[] completedPerGeneration, int size)
        {
            int generation = completedPerGeneration.Length;
            int valid = 0;
            while (valid < _generations.Count && valid < generation && _generations[valid].Completed == completedPerGeneration[valid])
                valid++;
            if (valid == generation) return _generations[generation - 1].Parents;
            _generations.RemoveRange(valid, _generations.Count - valid);

            var byGeneration = new List<Member>[generation];
            for (int g = valid; g < generation; g++) byGeneration[g] = [];
            foreach (var scored in context.CompletedLosses)
            {
                int g = scored.Trial.Number / size;
                if (g < valid || g >= generation) continue;
                if (UnitCubeObservations.PointOf(scored.Trial, ranges, choices) is { } point)
                    byGeneration[g].Add(new Member(scored.Trial.Number, point, scored.Losses, scored.Violation));
            }
            var parents = valid == 0 ? [] : _generations[valid - 1].Parents;
            for (int g = valid; g < generation; g++)
            {
                parents = Survivors.Select([.. parents.Select(m => m with { }), .. byGeneration[g]], size);
                _generations.Add((completedPerGeneration[g], parents));
            }
            return parents;
        }
    }
}
