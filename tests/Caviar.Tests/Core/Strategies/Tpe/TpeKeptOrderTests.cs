using Caviar.SearchSpaces;
using Caviar.Strategies;
using Caviar.Strategies.Tpe;
using Caviar.Trials;

namespace Caviar.Tests.Strategies;

/// <summary>
/// TPE keeps the completed trials' order along the first numeric range from one ask to the next, finds each candidate's
/// near kernels through it and scores exactly only the candidates that can still win (issue 14 part 4). That must be
/// a pure optimisation: over a run of asks with trials finishing in between — out of order, pruned, failed, replaced by
/// copies, warm-start trials in front, the history cut short — it suggests, bit for bit, what the full pass over
/// every trial with every candidate scored (the computation before the change, kept as the reference) suggests.
/// </summary>
public class TpeKeptOrderTests
{
    [Theory]
    [InlineData(1, 1500, 0)]     // the hot-path bench's shape: one range, many trials
    [InlineData(2, 600, 1)]      // one numeric range and a categorical one
    [InlineData(4, 300, 2)]      // numeric, log-scaled, integer and categorical ranges (the full pass serves both)
    public void Suggestions_are_those_of_the_full_pass(int dimensions, int finished, int seed)
    {
        var space = dimensions == 1 ? new SearchSpace([new ContinuousRange("x", -5, 10)])
            : dimensions == 2 ? new SearchSpace([new ContinuousRange("x", -5, 10), new CategoricalRange("kind", ["a", "b", "c"])])
            : new SearchSpace([
                new ContinuousRange("x", -5, 10), new ContinuousRange("lr", 1e-4, 1, ScalingType.Logarithmic),
                new IntegerRange("layers", 1, 8), new CategoricalRange("kind", ["a", "b", "c"]),
            ]);
        var random = new Random(seed);
        var prior = Enumerable.Range(0, 40).Select(n => Record(space, n, random, TrialState.Completed, studyId: 99)).ToList();
        var history = Enumerable.Range(0, finished).Select(n => Record(space, n, random,
            random.NextDouble() < 0.1 ? TrialState.Failed : random.NextDouble() < 0.1 ? TrialState.Pruned : TrialState.Completed)).ToList();
        var kept = new TpeStrategy();
        var running = new List<int>();
        int asks = 0;
        for (int ask = 0; ask < 120; ask++)
        {
            IReadOnlyList<TrialRecord> given = ask % 3 == 0 ? [.. prior, .. history] : history;   // warm start now and then
            if (ask == 90) given = history.Take(history.Count - 20).ToList();                     // a shorter history
            if (ask % 13 == 7) given = given.Select(t => t with { }).ToList();                    // records as new objects
            var fromKept = kept.ProposeJoint(new StrategyContext(given, ObjectiveDirection.Minimize, history.Count, seed), space);
            var reference = new TpeStrategy(null, keepsOrder: false)
                .ProposeJoint(new StrategyContext(given, ObjectiveDirection.Minimize, history.Count, seed), space);
            Assert.True(reference.OrderBy(p => p.Key).SequenceEqual(fromKept.OrderBy(p => p.Key)),
                $"ask {ask}: reference {string.Join(", ", reference.OrderBy(p => p.Key))}, kept order {string.Join(", ", fromKept.OrderBy(p => p.Key))}");
            asks++;

            // The asked trial starts running; a few running trials finish, not in the order they started.
            history.Add(Record(space, history.Count, random, TrialState.Running, fromKept));
            running.Add(history.Count - 1);
            while (running.Count > (ask % 5 == 0 ? 0 : 3))
            {
                int at = random.Next(running.Count), number = running[at];
                running.RemoveAt(at);
                double roll = random.NextDouble();
                var state = roll < 0.1 ? TrialState.Failed : roll < 0.2 ? TrialState.Pruned : TrialState.Completed;
                history[number] = history[number] with
                {
                    State = state,
                    Value = state == TrialState.Completed ? random.NextDouble() : null,
                };
            }
        }
        Assert.Equal(120, asks);
    }

    [Fact]
    public void Lower_bounds_stay_below_the_densities_and_searched_densities_equal_the_full_pass()
    {
        var random = new Random(7);
        int[] choices = [3, 0];
        var observations = Enumerable.Range(0, 2500).Select(i => new[]
        {
            random.Next(3), i % 40 == 0 ? 0.0 : i % 41 == 0 ? 0.25 : i % 70 == 0 ? 1.0 : random.NextDouble(),
        }).ToList();
        var weights = TpeObservations.RecencyWeights(observations.Count, 25);
        var order = Enumerable.Range(0, observations.Count).OrderBy(i => observations[i][1]).ToArray();
        var full = new ParzenEstimator(choices, observations, weights, new TpeOptions());
        var searched = new ParzenEstimator(choices, observations, weights, new TpeOptions(), order);
        Assert.True(searched.BoundsCheaply);

        List<double[]> points = [observations[3], [1, 0.0], [2, 0.25], [0, 1.0]];
        for (int i = 0; i < 60; i++) points.Add([random.Next(3), random.NextDouble()]);
        var exact = full.LogDensities(points);
        Assert.Equal(exact, searched.LogDensities(points));   // bit for bit
        var lower = searched.LowerLogDensities(points, CandidateChoice.BoundWindow);
        for (int k = 0; k < points.Count; k++)
        {
            Assert.True(lower[k] <= exact[k] + CandidateChoice.Margin, $"point {k}: bound {lower[k]} above {exact[k]}");
            Assert.True(lower[k] > exact[k] - 1, $"point {k}: bound {lower[k]} far below {exact[k]}");
        }
    }

    [Fact]
    public void Densities_read_from_the_kept_trials_equal_the_estimators_over_the_split()
    {
        // The one-range hot path reads the poor density straight from the kept trials (KeptOrderDensity) instead of
        // building an estimator over the split's poor trials: the same densities, bit for bit.
        var random = new Random(11);
        var derived = Enumerable.Range(0, 3000).Select(i => new ScoredPointCache.Derived(
            i % 9 == 0 ? null : [i % 40 == 0 ? 0.0 : i % 41 == 0 ? 0.25 : i % 70 == 0 ? 1.0 : random.NextDouble()],
            random.NextDouble())).ToArray();
        var kept = new KeptPoints();
        kept.Update(derived, 0, derived.Length);
        var options = new TpeOptions();
        var best = TpeObservations.BestIndices(kept.Losses, TpeObservations.GoodCount(kept.Count, options));
        var scored = Enumerable.Range(0, kept.Count).Select(i => new CubePoint(kept.Point(i), kept.Losses[i], i)).ToArray();
        var byCoordinate = Enumerable.Range(0, kept.Count).OrderBy(i => kept.Coordinates[i]).ToArray();
        using var split = TpeObservations.Split(scored, [0], options, byCoordinate, ordered: true);
        Assert.Equal(best.Select(i => kept.Point(i)), split.Good);
        using var estimator = new ParzenEstimator([0], split.Poor, split.PoorWeights, options, split.PoorOrder);
        using var fromKept = new KeptOrderDensity(kept, best, options);

        List<double[]> points = [[0.0], [1.0], [0.25], kept.Point(best[0]), kept.Point(7)];
        for (int i = 0; i < 60; i++) points.Add([random.NextDouble()]);
        var exact = estimator.LogDensities(points);
        Assert.Equal(exact, fromKept.LogDensities(points));   // bit for bit
        Assert.Equal(estimator.LogDensity(points[3]), fromKept.LogDensity(points[3]));
        // Its bounds are computed the cheap way (vectorised logs and exps, constants bounded below): bounds all the same.
        var lower = fromKept.LowerLogDensities(points, CandidateChoice.BoundWindow);
        for (int k = 0; k < points.Count; k++)
        {
            Assert.True(lower[k] <= exact[k] + CandidateChoice.Margin, $"point {k}: bound {lower[k]} above {exact[k]}");
            Assert.True(lower[k] > exact[k] - 1, $"point {k}: bound {lower[k]} far below {exact[k]}");
        }
    }

    [Fact]
    public void An_order_that_is_not_sorted_is_not_used()
    {
        var observations = new List<double[]> { new[] { 0.9 }, new[] { 0.1 }, new[] { 0.5 } };
        var estimator = new ParzenEstimator([0], observations, [1.0, 1.0, 1.0], new TpeOptions(), [0, 1, 2]);
        Assert.False(estimator.BoundsCheaply);
    }

    private static TrialRecord Record(SearchSpace space, int number, Random random, TrialState state,
        IReadOnlyDictionary<string, double>? values = null, long studyId = 1) => new()
        {
            Id = studyId * 100_000 + number, StudyId = studyId, Number = number, State = state,
            Value = state == TrialState.Completed ? random.NextDouble() : null,
            StartedAt = DateTimeOffset.UnixEpoch,
            Params = values ?? space.Ranges.ToDictionary(r => r.Name, r => r is CategoricalRange c
                ? random.Next(c.Values.Count) : r.FromUnit(random.NextDouble())),
            Distributions = space.Ranges.ToDictionary(r => r.Name, r => r),
        };
}
