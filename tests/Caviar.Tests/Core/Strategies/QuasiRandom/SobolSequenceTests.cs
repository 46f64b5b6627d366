using Caviar.SearchSpaces;
using Caviar.Strategies;
using Caviar.Strategies.QuasiRandom;
using Caviar.Studies;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Strategies;

public class SobolSequenceTests
{
    [Fact]
    public void Unscrambled_points_match_scipy_in_natural_order()
    {
        // SciPy 1.10 qmc.Sobol(4, scramble=False).random(8) lists these in Gray-code order (rows 0 1 3 2 7 6 4 5).
        double[][] expected =
        [
            [0, 0, 0, 0], [0.5, 0.5, 0.5, 0.5], [0.25, 0.75, 0.75, 0.75], [0.75, 0.25, 0.25, 0.25],
            [0.125, 0.625, 0.375, 0.125], [0.625, 0.125, 0.875, 0.625], [0.375, 0.375, 0.625, 0.875],
            [0.875, 0.875, 0.125, 0.375],
        ];
        var sobol = SobolSequence.Unscrambled(4);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], sobol.Point(i));
        // Far dimensions too: SciPy's Sobol(1024) point 13 (its row 9) in dimensions 10, 100, 512 and 1024.
        var wide = SobolSequence.Unscrambled(1024).Point(13);
        Assert.Equal(new[] { 0.8125, 0.4375, 0.6875, 0.5625 }, new[] { wide[9], wide[99], wide[511], wide[1023] });
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    public void Scrambled_points_are_balanced_in_every_dimension_and_form_a_net_in_the_first_two(int m)
    {
        int count = 1 << m;
        var sobol = SobolSequence.Scrambled(40, seed: 11);
        var points = Enumerable.Range(0, count).Select(i => sobol.Point(i)).ToArray();
        for (int d = 0; d < 40; d++)
            Assert.Equal(count, points.Select(p => (int)(p[d] * count)).Distinct().Count());
        // (0, m, 2)-net: every box of 2^a × 2^(m−a) equal slices holds exactly one point.
        for (int a = 0; a <= m; a++)
            Assert.Equal(count, points.Select(p => ((int)(p[0] * (1 << a)), (int)(p[1] * (1 << (m - a))))).Distinct().Count());
    }

    [Fact]
    public void Scrambling_depends_on_the_seed_only()
    {
        Assert.Equal(SobolSequence.Scrambled(5, 3).Point(77), SobolSequence.Scrambled(5, 3).Point(77));
        Assert.NotEqual(SobolSequence.Scrambled(5, 3).Point(77), SobolSequence.Scrambled(5, 4).Point(77));
        Assert.All(SobolSequence.Scrambled(5, 3).Point(0), v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Quasi_random_search_spreads_each_range_evenly_over_trials()
    {
        var space = new SearchSpace([
            new ContinuousRange("lr", 1e-4, 1, ScalingType.Logarithmic),
            new IntegerRange("layers", 1, 16, ScalingType.Linear),
            new CategoricalRange("act", ["a", "b", "c", "d"]),
        ]);
        var study = InMemory(new QuasiRandomSearch(), seed: 9);
        study.Optimize(_ => 0, new TuningLimits { MaxTrials = 16 }, space: space);
        var values = ParamsOf(study);
        Assert.Equal(16, values.Select(v => (int)Math.Floor((Math.Log10((double)v["lr"]) + 4) / 4 * 16)).Distinct().Count());
        Assert.Equal(16, values.Select(v => (long)v["layers"]).Distinct().Count());
        Assert.All(values.GroupBy(v => (string)v["act"]), g => Assert.Equal(4, g.Count()));
        // The same seed gives the same trials.
        var again = InMemory(new QuasiRandomSearch(), seed: 9);
        again.Optimize(_ => 0, new TuningLimits { MaxTrials = 16 }, space: space);
        Assert.Equal(values.Select(v => v["lr"]), ParamsOf(again).Select(v => v["lr"]));
    }

    [Fact]
    public void A_range_met_on_its_own_is_spread_evenly_too()
    {
        var study = InMemory(new QuasiRandomSearch(), seed: 1);
        study.Optimize(t => t.SuggestFloat("x", 0, 1), new TuningLimits { MaxTrials = 8 });
        Assert.Equal(8, study.Trials.Select(t => (int)((double)t.ExternalParams["x"] * 8)).Distinct().Count());
    }

    [Fact]
    public void Model_based_strategies_can_start_from_sobol_points()
    {
        var space = StandardFunction2D();
        foreach (ISearchStrategy strategy in new ISearchStrategy[]
                 {
                     new TpeStrategy(new Caviar.Strategies.Tpe.TpeOptions { Startup = StartupSampling.QuasiRandom, StartupTrials = 8 }),
                     new GpStrategy(new Caviar.Strategies.Gp.GpOptions { Startup = StartupSampling.QuasiRandom, StartupTrials = 8 }),
                     new CmaEsStrategy(new Caviar.Strategies.CmaEs.CmaEsOptions { Startup = StartupSampling.QuasiRandom, StartupTrials = 8 }),
                 })
        {
            var study = InMemory(strategy, seed: 4);
            study.Optimize(_ => 0, new TuningLimits { MaxTrials = 8 }, space: space);
            var quasi = InMemory(new QuasiRandomSearch(), seed: 4);
            quasi.Optimize(_ => 0, new TuningLimits { MaxTrials = 8 }, space: space);
            Assert.Equal(ParamsOf(quasi).Select(p => p["x1"]), ParamsOf(study).Select(p => p["x1"]));
        }
    }

    private static SearchSpace StandardFunction2D() => Caviar.TestFunctions.StandardFunction.Box(2, -1, 1);
}
