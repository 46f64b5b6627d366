using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Strategies.CmaEs;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Trials;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Strategies;

public class CmaEsStrategyTests
{
    private static readonly SearchSpace Box6 = StandardFunction.Box(6, -1, 1);

    /// <summary>A sphere whose minimum (0) is off the centre, at 0.3 in every coordinate.</summary>
    private static double Sphere(IReadOnlyDictionary<string, object> values) =>
        values.Values.Sum(v => Math.Pow((double)v - 0.3, 2));

    [Fact]
    public void Converges_on_a_six_dimensional_sphere_below_1e_minus_4_in_400_trials()
    {
        foreach (int seed in new[] { 0, 1, 2 })
        {
            var study = InMemory(new CmaEsStrategy(), seed);
            study.Optimize(t => Sphere(t.Params), new TuningLimits { MaxTrials = 400 }, space: Box6);
            Assert.True(study.BestTrial!.Value < 1e-4, $"seed {seed}: best {study.BestTrial.Value}");
        }
    }

    [Fact]
    public void Beats_random_search_by_orders_of_magnitude_on_rosenbrock4()
    {
        double cma = Median(new[] { 0, 1, 2 }.Select(s => Regret(StandardFunctions.Rosenbrock4, new CmaEsStrategy(), s, 300)));
        double random = Median(new[] { 0, 1, 2 }.Select(s => Regret(StandardFunctions.Rosenbrock4, new RandomSearch(), s, 300)));
        Assert.True(cma * 20 < random, $"CMA-ES {cma}, random {random}");
    }

    [Fact]
    public void Same_seed_reproduces_the_study_and_another_seed_differs()
    {
        double[] Values(int seed)
        {
            var study = InMemory(new CmaEsStrategy(), seed);
            study.Optimize(t => Sphere(t.Params), new TuningLimits { MaxTrials = 40 }, space: Box6);
            return study.Trials.Select(t => t.Value!.Value).ToArray();
        }
        Assert.Equal(Values(7), Values(7));
        Assert.NotEqual(Values(7), Values(8));
    }

    [Fact]
    public void Trials_asked_before_any_is_told_draw_distinct_points_and_the_search_still_converges()
    {
        var study = InMemory(new CmaEsStrategy(), seed: 3);
        for (int round = 0; round < 60; round++)
        {
            var batch = Enumerable.Range(0, 8).Select(_ => study.Ask(Box6)).ToList();   // 8 parallel workers
            Assert.Equal(8, batch.Select(t => string.Join(",", t.Params.Values)).Distinct().Count());
            foreach (var trial in batch) study.Tell(trial, Sphere(trial.Params));
        }
        Assert.True(study.BestTrial!.Value < 1e-4, $"best {study.BestTrial.Value}");
    }

    [Fact]
    public void The_first_mean_is_the_centre_or_the_best_warm_start_trial()
    {
        var space = StandardFunction.Box(4, 0, 10);
        double MeanDistanceOfFirstGeneration(IReadOnlyList<TrialRecord> priors, double target)
        {
            var study = Study.Create(new InMemoryStudyStore(), "w", ObjectiveDirection.Minimize,
                new StudyOptions { Strategy = new CmaEsStrategy(), Seed = 5, PriorTrials = priors });
            var points = Enumerable.Range(0, 8).Select(_ => study.Ask(space).Params.Values.Select(v => (double)v).ToArray()).ToList();
            return Enumerable.Range(0, 4).Select(d => Math.Abs(points.Average(p => p[d]) - target)).Max();
        }
        // No history: the first generation is centred on the middle of the space (σ = 1/6 of each range).
        Assert.True(MeanDistanceOfFirstGeneration([], 5) < 1.5);
        // Warm start: centred on the best prior trial instead.
        var ranges = space.Ranges.ToDictionary(r => r.Name, r => r);
        TrialRecord Prior(int number, double at, double value) => new()
        {
            Id = 1000 + number, StudyId = 99, Number = -1 - number, State = TrialState.Completed, Value = value,
            StartedAt = DateTimeOffset.UnixEpoch, Params = ranges.Keys.ToDictionary(n => n, _ => at), Distributions = ranges,
        };
        Assert.True(MeanDistanceOfFirstGeneration([Prior(0, 5, 3.0), Prior(1, 9, 1.0), Prior(2, 2, 2.0)], 9) < 1.5);
    }

    [Fact]
    public void A_flat_run_restarts_with_a_doubled_population()
    {
        int lambda = CmaEsParameters.DefaultLambda(3);
        var random = new Random(1);
        var flat = Enumerable.Range(0, 400)
            .Select(i => new CubePoint([random.NextDouble(), random.NextDouble(), random.NextDouble()], 1.0, i)).ToList();
        var (state, restarts) = CmaEsReplay.Run(flat, 3, new CmaEsOptions(), studySeed: 0);
        Assert.True(restarts >= 1);
        Assert.Equal(lambda * (1 << restarts), state.Lambda);
        var (_, none) = CmaEsReplay.Run(flat, 3, new CmaEsOptions { RestartPopulationFactor = 0 }, studySeed: 0);
        Assert.Equal(0, none);
    }

    [Fact]
    public void Categorical_ranges_go_to_the_independent_sampler_and_integers_stay_whole()
    {
        var space = new SearchSpace([
            new ContinuousRange("x", -2, 2, ScalingType.Linear),
            new IntegerRange("units", 1, 64, ScalingType.Linear),
            new CategoricalRange("act", ["relu", "tanh", "gelu"]),
        ]);
        var study = InMemory(new CmaEsStrategy(), seed: 2);
        study.Optimize(t => Math.Pow((double)t.Params["x"] - 1, 2) + Math.Abs((long)t.Params["units"] - 40) / 10.0 +
                            ((string)t.Params["act"] == "gelu" ? 0 : 1), new TuningLimits { MaxTrials = 120 }, space: space);
        foreach (var trial in study.Trials)
        {
            Assert.InRange((long)trial.ExternalParams["units"], 1, 64);
            Assert.Contains((string)trial.ExternalParams["act"], new[] { "relu", "tanh", "gelu" });
        }
        var best = study.BestTrial!.ExternalParams;
        Assert.Equal("gelu", best["act"]);
        Assert.InRange((long)best["units"], 36, 44);
        Assert.InRange((double)best["x"], 0.8, 1.2);
    }
}
