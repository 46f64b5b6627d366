using Caviar.SearchSpaces;
using Caviar.Strategies;
using Caviar.Strategies.Tpe;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Trials;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Strategies;

public class TpeStrategyTests
{
    [Fact]
    public void Same_seed_reproduces_the_whole_study()
    {
        double[] Values(int seed)
        {
            var study = InMemory(new TpeStrategy(), seed);
            study.Optimize(t => StandardFunctions.Branin.Evaluate(t.Params), new TuningLimits { MaxTrials = 30 },
                space: StandardFunctions.Branin.Space);
            return study.Trials.Select(t => t.Value!.Value).ToArray();
        }
        Assert.Equal(Values(11), Values(11));
        Assert.NotEqual(Values(11), Values(12));
    }

    [Fact]
    public void Beats_random_search_on_branin()
    {
        var seeds = Enumerable.Range(0, 7).ToArray();
        double tpe = Median(seeds.Select(s => Regret(StandardFunctions.Branin, new TpeStrategy(), s, 60)));
        double random = Median(seeds.Select(s => Regret(StandardFunctions.Branin, new RandomSearch(), s, 60)));
        Assert.True(tpe < random / 2, $"TPE median regret {tpe} should be under half of random's {random}");
    }

    [Fact]
    public void Define_by_run_learns_which_choice_is_best()
    {
        var study = InMemory(new TpeStrategy(), seed: 2);
        study.Optimize(t =>
        {
            string kernel = t.SuggestCategorical("kernel", "linear", "rbf", "poly", "sigmoid");
            double c = t.SuggestFloat("c", 1e-3, 1e3, ScalingType.Logarithmic);
            return (kernel == "rbf" ? 0 : 1) + Math.Abs(Math.Log10(c) - 1);
        }, new TuningLimits { MaxTrials = 80 });

        var late = study.Trials.Skip(40).Select(t => (string)t.ExternalParams["kernel"]).ToArray();
        Assert.True(late.Count(k => k == "rbf") > late.Length / 2, $"rbf picked {late.Count(k => k == "rbf")} of {late.Length}");
        Assert.InRange((double)study.BestTrial!.ExternalParams["c"], 3, 30);
    }

    [Fact]
    public void Univariate_mode_also_converges()
    {
        var seeds = Enumerable.Range(0, 5).ToArray();
        var univariate = new TpeStrategy(new TpeOptions { Multivariate = false });
        double tpe = Median(seeds.Select(s => Regret(StandardFunctions.Branin, univariate, s, 60)));
        Assert.True(tpe < 1.0, $"univariate TPE median regret {tpe}");
    }

    [Fact]
    public void Recency_weights_ramp_up_to_one_for_the_newest_trials()
    {
        var weights = TpeObservations.RecencyWeights(30, 25);
        Assert.Equal(1.0 / 30, weights[0], 12);
        Assert.True(weights[1] > weights[0] && weights[4] > weights[3]);
        Assert.All(weights.Skip(5), w => Assert.Equal(1.0, w));
        Assert.All(TpeObservations.RecencyWeights(10, 25), w => Assert.Equal(1.0, w));
    }

    [Fact]
    public void A_strategy_that_kept_what_it_derived_from_earlier_asks_proposes_what_a_fresh_one_does()
    {
        var function = StandardFunctions.Hartmann6;
        var warm = new TpeStrategy();
        var study = InMemory(warm, seed: 4);
        study.Optimize(t => function.Evaluate(t.Params), new TuningLimits { MaxTrials = 30 }, space: function.Space);
        // Trials still running when the warm strategy looks, completed afterwards: their records are replaced.
        var open = Enumerable.Range(0, 3).Select(_ => study.Ask(function.Space)).ToList();
        study.Tell(study.Ask(function.Space), TrialState.Failed, "seen while the others ran");
        foreach (var trial in open) study.Tell(trial, function.Evaluate(trial.Params));

        var full = study.Trials;
        IReadOnlyList<TrialRecord>[] histories = [full, full.Take(20).ToArray(), full.Skip(5).ToArray(), full];
        foreach (var history in histories)
        {
            StrategyContext Context() => new(history, ObjectiveDirection.Minimize, 100 + history.Count, 4);
            var fresh = new TpeStrategy().ProposeJoint(Context(), function.Space);
            Assert.Equal(fresh, warm.ProposeJoint(Context(), function.Space));
        }
    }
}
