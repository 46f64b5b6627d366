using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies.Nsga;
using Caviar.Strategies.Tpe;
using Caviar.Trials;

namespace Caviar.Strategies;

/// <summary>
/// NSGA-II (Deb et al. 2002), the default strategy for several objectives (there with a model-based start:
/// <see cref="SeveralObjectivesDefault"/>). Trial n belongs to generation n / <see cref="NsgaIIOptions.PopulationSize"/>;
/// generations below <see cref="NsgaIIOptions.ModelBasedGenerations"/> are multi-objective TPE's proposals, and
/// generation 0 of plain NSGA-II is drawn at random (or from Sobol points, <see cref="NsgaIIOptions.Startup"/>). The parents of generation g are the
/// survivors (<see cref="Survivors"/>) of generation g−1's parents and g−1's completed trials; each child is made
/// from two parents chosen by binary tournament, crossed (simulated binary crossover for numbers, uniform for
/// choices) and mutated (polynomial / a random choice). Constraints rank feasible before infeasible, infeasible by
/// total violation. Parents are cached per generation and completed trials counted as they finish, so an ask costs
/// the trials finished since the last one.
/// Ranges met for the first time (define-by-run) are drawn at random (by TPE during the model-based start).
/// With three or more objectives and <see cref="NsgaIIOptions.ModelBasedForManyObjectives"/>, every trial is univariate
/// multi-objective TPE's.
/// </summary>
public sealed class NsgaIIStrategy : ISearchStrategy
{
    private readonly NsgaIIOptions _options;
    private readonly Lock _lock = new();
    private ParentCache? _cache;
    private readonly TpeStrategy _model = new();
    private readonly TpeStrategy _manyObjectivesModel = new(new TpeOptions { Multivariate = false });

    /// <summary>Objectives from which <see cref="NsgaIIOptions.ModelBasedForManyObjectives"/> applies.</summary>
    internal const int ManyObjectives = 3;

    public NsgaIIStrategy(NsgaIIOptions? options = null)
    {
        _options = options ?? new NsgaIIOptions();
        _options.Validate();
    }

    /// <summary>The default strategy for several objectives: NSGA-II with a model-based start, univariate multi-objective
    /// TPE throughout with three or more objectives (<see cref="NsgaIIOptions.SeveralObjectivesDefault"/>).</summary>
    public static NsgaIIStrategy SeveralObjectivesDefault() => new(NsgaIIOptions.SeveralObjectivesDefault);

    public string Name => "nsga2";

    public NsgaIIOptions Options => _options;

    public bool SupportsMultipleObjectives => true;

    public IReadOnlyDictionary<string, double> ProposeJoint(StrategyContext context, SearchSpace space)
    {
        var ranges = space.Ranges;
        int generation = context.TrialNumber / _options.PopulationSize;
        if (ModelFor(context) is { } model) return model.ProposeJoint(context, space);
        var (parents, choices) = generation == 0 ? ([], UnitCubeObservations.Choices(ranges)) : Parents(context, ranges, generation);
        double[] point;
        if (generation == 0 && _options.Startup == StartupSampling.QuasiRandom)
            point = QuasiRandom.QuasiRandomPoints.For(context, ranges);
        else if (parents.Count < 2)
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
        var proposal = new Dictionary<string, double>(ranges.Count);
        for (int d = 0; d < ranges.Count; d++) proposal[ranges[d].Name] = UnitCubeObservations.ToInternal(ranges[d], point[d]);
        return proposal;
    }

    public double ProposeOne(StrategyContext context, ParameterRange range) =>
        ModelFor(context) is { } model ? model.ProposeOne(context, range) : range.FromUnit(context.Random.NextDouble());

    /// <summary>The TPE that proposes this trial, or null when NSGA-II does.</summary>
    private TpeStrategy? ModelFor(StrategyContext context)
    {
        if (_options.ModelBasedForManyObjectives && context.Directions.Count >= ManyObjectives) return _manyObjectivesModel;
        return context.TrialNumber / _options.PopulationSize < _options.ModelBasedGenerations ? _model : null;
    }

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
    /// The parents of <paramref name="generation"/> (and the ranges' choice counts), from the cache when the completed
    /// trials of the earlier generations are those it was built from (a finished trial never changes, so their count tells).
    /// </summary>
    private (List<Member> Parents, int[] Choices) Parents(StrategyContext context, IReadOnlyList<ParameterRange> ranges, int generation)
    {
        lock (_lock)
        {
            if (_cache is null || !_cache.Fits(ranges, context.Directions))
                _cache = new ParentCache(ranges, context.Directions);
            return (_cache.Parents(context, generation, _options.PopulationSize), _cache.Choices);
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
        private readonly FinishedTrialFeed _completedFeed = new(t => t.State == TrialState.Completed);
        private readonly List<int> _completedCounts = [];
        // Whether _generations agree with _completedCounts: then a generation whose count grows drops its entry and
        // those after it at once, and an ask that finds nothing new and its generation cached costs no pass at all.
        private bool _agreesWithFeed;

        /// <summary>The ranges' choice counts (<see cref="UnitCubeObservations.Choices"/>), computed once.</summary>
        public int[] Choices { get; } = UnitCubeObservations.Choices(ranges);

        /// <summary>
        /// The parents of <paramref name="generation"/>. From a study's snapshot only the trials finished since the last
        /// ask are taken in (a finished trial never changes), so an ask with nothing new since the last one and its
        /// generation already built is O(1); any other list (prior trials, an older snapshot) is counted in one pass and
        /// compared with the cache generation by generation.
        /// </summary>
        public List<Member> Parents(StrategyContext context, int generation, int size)
        {
            var history = context.History;
            if (history is not Storage.TrialHistorySnapshot || !_completedFeed.CanAdvanceTo(history))
            {
                _agreesWithFeed = false;
                return Get(context, CountCompleted(history, generation, size), size);
            }
            var fresh = _completedFeed.Advance(history, out bool restart);
            if (restart)
            {
                _completedCounts.Clear();
                _agreesWithFeed = false;
            }
            int changedFrom = int.MaxValue;
            foreach (var trial in fresh)
            {
                if (trial.Number < 0) continue;
                int g = trial.Number / size;
                while (_completedCounts.Count <= g) _completedCounts.Add(0);
                _completedCounts[g]++;
                changedFrom = Math.Min(changedFrom, g);
            }
            if (_agreesWithFeed)
            {
                if (changedFrom < _generations.Count) _generations.RemoveRange(changedFrom, _generations.Count - changedFrom);
                if (generation <= _generations.Count) return _generations[generation - 1].Parents;
            }
            var counts = new int[generation];
            for (int g = 0; g < generation && g < _completedCounts.Count; g++) counts[g] = _completedCounts[g];
            _agreesWithFeed = true;
            return Get(context, counts, size);
        }

        public bool Fits(IReadOnlyList<ParameterRange> other, IReadOnlyList<ObjectiveDirection> otherDirections) =>
            (ReferenceEquals(other, ranges) || other.SequenceEqual(ranges))
            && (ReferenceEquals(otherDirections, directions) || otherDirections.SequenceEqual(directions));

        private List<Member> Get(StrategyContext context, int[] completedPerGeneration, int size)
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
                if (UnitCubeObservations.PointOf(scored.Trial, ranges, Choices) is { } point)
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
