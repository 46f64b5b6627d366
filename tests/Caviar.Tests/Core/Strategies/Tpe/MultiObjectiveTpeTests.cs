using Caviar.Strategies;
using Caviar.Strategies.Tpe;
using Caviar.TestFunctions;

namespace Caviar.Tests.MultiObjective;

public class MultiObjectiveTpeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void It_covers_more_hypervolume_than_random_search_on_zdt1(int seed)
    {
        var zdt1 = MultiObjectiveFunctions.Zdt1;
        double tpe = MultiObjectiveRuns.Hypervolume(MultiObjectiveRuns.Run(zdt1, new TpeStrategy(), seed, 100), zdt1);
        double random = MultiObjectiveRuns.Hypervolume(MultiObjectiveRuns.Run(zdt1, new RandomSearch(), seed, 100), zdt1);
        Assert.True(tpe > random, $"MOTPE {tpe} vs random {random}");
    }

    [Fact]
    public void Several_objectives_take_their_own_bandwidth_and_good_fraction()
    {
        var zdt1 = MultiObjectiveFunctions.Zdt1;
        double[][] Values(TpeOptions options) =>
            MultiObjectiveRuns.Run(zdt1, new TpeStrategy(options), seed: 4, trials: 30).Trials.Select(t => t.Values!.ToArray()).ToArray();
        var defaults = Values(new TpeOptions());
        // One objective's settings leave a multi-objective run as it was; the multi-objective ones change it.
        Assert.Equal(defaults, Values(new TpeOptions { BandwidthFactor = 0.3, GoodFraction = 0.5 }));
        Assert.NotEqual(defaults, Values(new TpeOptions { MultiObjectiveBandwidthFactor = 0.3 }));
        Assert.NotEqual(defaults, Values(new TpeOptions { MultiObjectiveGoodFraction = 0.5 }));
        // And they are the one-objective settings, applied: setting both to the other's values swaps nothing else.
        Assert.Equal(Values(new TpeOptions { MultiObjectiveBandwidthFactor = 0.05, MultiObjectiveGoodFraction = 0.1 }),
            Values(new TpeOptions { MultiObjectiveBandwidthFactor = 0.05, MultiObjectiveGoodFraction = 0.1, BandwidthFactor = 0.7 }));
    }

    private static MultiCubePoint P(int number, double a, double b, double violation = 0) =>
        new([number], [a, b], violation, number);

    [Fact]
    public void Good_trials_are_the_first_front_then_the_next_cut_by_hypervolume()
    {
        var points = new List<MultiCubePoint>
        {
            P(0, 0, 3), P(1, 3, 0),
            P(5, 2, 2),                                              // front 0 too
            P(2, 1, 3.5), P(3, 0.98, 3.7), P(4, 3.4, 1),             // front 1: 4 covers most, then 2 adds more than 3
            P(6, 9, 9), P(7, 8, 9), P(8, 9, 8), P(9, 7, 7),
        };
        var split = MultiObjectiveSplit.Split(points, [0], new TpeOptions { GoodFraction = 0.5 });
        Assert.Equal([0, 1, 2, 4, 5], split.Good.Select(c => (int)c[0]).Order());
        Assert.Equal(5, split.Poor.Count);
        Assert.All(split.GoodWeights, w => Assert.InRange(w, 1e-12, 1));
    }

    [Fact]
    public void A_trial_without_the_range_counts_in_the_split_and_is_left_out_after_it()
    {
        var points = new List<MultiCubePoint>
        {
            P(0, 0, 3), P(1, 3, 0), P(5, 2, 2), P(2, 1, 3.5), P(3, 0.98, 3.7), P(4, 3.4, 1),
            P(6, 9, 9), P(7, 8, 9), P(8, 9, 8), P(9, 7, 7),
        };
        var options = new TpeOptions { GoodFraction = 0.5 };
        var chosen = MultiObjectiveSplit.Choose(points.Select(p => p.Losses).ToList(), points.Select(p => p.Violation).ToList(), options);
        Assert.Equal([0, 1, 2, 4, 5], chosen.Good.Select(i => (int)points[i].Coordinates[0]).Order());
        // Trial 4 (good) and trial 7 (poor) did not draw the range: the split is the same, they are only left out.
        var coordinates = points.Select(p => p.Number is 4 or 7 ? null : p.Coordinates).ToList();
        var observed = MultiObjectiveSplit.Observations(chosen, coordinates, [0], options);
        Assert.Equal([0, 1, 2, 5], observed.Good.Select(c => (int)c[0]).Order());
        Assert.Equal([3, 6, 8, 9], observed.Poor.Select(c => (int)c[0]).Order());
        var whole = MultiObjectiveSplit.Observations(chosen, points.Select(p => p.Coordinates).ToList(), [0], options);
        int at4 = whole.Good.FindIndex(c => c[0] == 4);
        Assert.Equal(whole.GoodWeights.Where((_, j) => j != at4), observed.GoodWeights);
    }

    /// <summary>
    /// Proposed one range at a time, the ranges of one ask share its split (computed once), and each range's
    /// observations are what a split of that range's points alone gives; the next ask splits again.
    /// </summary>
    [Fact]
    public void An_asks_ranges_share_one_split()
    {
        var dtlz2 = MultiObjectiveFunctions.Dtlz2;
        var history = MultiObjectiveRuns.Run(dtlz2, new RandomSearch(), seed: 5, trials: 40).Trials;
        var options = new TpeOptions { GoodFraction = 0.15 };
        var cache = new MultiObjectiveSplitCache();
        var context = new StrategyContext(history, dtlz2.Directions, 40, 0);
        foreach (var range in dtlz2.Space.Ranges)
        {
            var observed = cache.Observe(context, [range], [0], options);
            var points = context.CompletedLosses.Select(s => new MultiCubePoint(
                UnitCubeObservations.PointOf(s.Trial, [range], [0])!, s.Losses, s.Violation, s.Trial.Number)).ToList();
            var alone = MultiObjectiveSplit.Split(points, [0], options);
            Assert.Equal(alone.Good, observed.Good);
            Assert.Equal(alone.GoodWeights, observed.GoodWeights);
            Assert.Equal(alone.Poor, observed.Poor);
            Assert.Equal(alone.PoorWeights, observed.PoorWeights);
        }
        Assert.Equal(1, cache.SplitsComputed);
        cache.Observe(new StrategyContext(history, dtlz2.Directions, 41, 0), [dtlz2.Space.Ranges[0]], [0], options);
        Assert.Equal(2, cache.SplitsComputed);
    }

    [Fact]
    public void Infeasible_trials_are_good_only_when_too_few_are_feasible_and_then_by_violation()
    {
        var points = new List<MultiCubePoint>
        {
            P(0, 0, 0, violation: 3), P(1, 5, 5), P(2, 0, 0, violation: 1), P(3, 0, 0, violation: 2), P(4, 6, 6),
            P(5, 7, 7, violation: 4), P(6, 8, 8, violation: 5), P(7, 9, 9, violation: 6),
        };
        var split = MultiObjectiveSplit.Split(points, [0], new TpeOptions { GoodFraction = 0.25 });
        Assert.Equal([1, 4], split.Good.Select(c => (int)c[0]).Order());
        var more = MultiObjectiveSplit.Split(points, [0], new TpeOptions { GoodFraction = 0.5 });
        Assert.Equal([1, 2, 3, 4], more.Good.Select(c => (int)c[0]).Order());
    }

    [Fact]
    public void Constraints_lead_the_search_into_the_feasible_region()
    {
        var zdt1 = MultiObjectiveFunctions.Zdt1;
        double[] SumAtMostOne(double[] x) => [x.Sum() - 1];
        var tpe = MultiObjectiveRuns.Run(zdt1, new TpeStrategy(), seed: 0, trials: 120, constraints: SumAtMostOne);
        var random = MultiObjectiveRuns.Run(zdt1, new RandomSearch(), seed: 0, trials: 120, constraints: SumAtMostOne);
        int Feasible(Caviar.Studies.Study s) => s.Trials.Skip(70).Count(t => t.IsFeasible);
        Assert.True(Feasible(tpe) >= 10 && Feasible(tpe) > 3 * Feasible(random), $"{Feasible(tpe)} vs {Feasible(random)}");
    }
}
