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
/// total violation. Parents are cached per generation and completed trials counted as they finish, so an ask costs
/// the trials finished since the last one.
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
        lock (_lock)
        {
            if (_cache is null || !_cache.Fits(ranges, context.Directions))
                _cache = new ParentCache(ranges, context.Directions);
            return _cache.Get(context, choices, _cache.CompletedPerGeneration(context.History, generation, size), size);
        }
    }

    /// <summary>Completed trials per generation below <paramref name="generation"/>, from one pass over <paramref name="history"/>.</summary>
    private static int[] CountCompleted(IReadOnlyList<TrialRecord> history, int generation, int size)
    {
        var completedPerGeneration = new int[generation];
        foreach (var trial in history)
            if (trial.State == TrialState.Completed && trial.Number >= 0 && trial.Number < generation * size)
                completedPerGeneration[trial.Number / size]++;
        return completedPerGeneration;
    }

    /// <summary>Parent populations per generation, each with the completed counts it was built from.</summary>
    private sealed class ParentCache(IReadOnlyList<ParameterRange> ranges, IReadOnlyList<ObjectiveDirection> directions)
    {
        private readonly List<(int Completed, List<Member> Parents)> _generations = [];
        // Completed trials per generation taken in from a study's history snapshots so far (each finished trial once).
        private readonly Caviar.Pruning.FinishedTrialFeed _completedFeed = new(t => t.State == TrialState.Completed);
        private readonly List<int> _completedCounts = [];

        /// <summary>
        /// Completed trials per generation below <paramref name="generation"/>. From a study's snapshot only the trials
        /// finished since the last ask are counted (a finished trial never changes), so an ask no longer passes over
        /// the whole history; any other list (prior trials, an older snapshot) is counted in one pass.
        /// </summary>
        public int[] CompletedPerGeneration(IReadOnlyList<TrialRecord> history, int generation, int size)
        {
            if (history is not Storage.TrialHistorySnapshot || !_completedFeed.CanAdvanceTo(history))
                return CountCompleted(history, generation, size);
            var fresh = _completedFeed.Advance(history, out bool restart);
            if (restart) _completedCounts.Clear();
            foreach (var trial in fresh)
            {
                if (trial.Number < 0) continue;
                int g = trial.Number / size;
                while (_completedCounts.Count <= g) _completedCounts.Add(0);
                _completedCounts[g]++;
            }
            var counts = new int[generation];
            for (int g = 0; g < generation && g < _completedCounts.Count; g++) counts[g] = _completedCounts[g];
            return counts;
        }

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
            bool anyCompleted = false;
            for (int g = valid; g < generation; g++)
            {
                byGeneration[g] = [];
                anyCompleted |= completedPerGeneration[g] > 0;
            }
            // Generations without a completed trial (all failed, or still running) pass their parents on: no need to
            // score the whole history (CompletedLosses) for them, which a study of failures did once per generation.
            foreach (var scored in anyCompleted ? context.CompletedLosses : [])
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
