using Caviar.Numerics;
using Caviar.SearchSpaces;
using Caviar.Strategies;
using Caviar.Strategies.Gp;
using Caviar.Studies;
using Caviar.TestFunctions;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Strategies;

public class GpStrategyTests
{
    [Fact]
    public void Expected_improvement_matches_hand_computed_values()
    {
        // gain 1, sd 1: 1·Φ(1) + φ(1) = 0.841345 + 0.241971
        Assert.Equal(1.083316, ExpectedImprovement.Of(mean: 0, stdDev: 1, best: 1), 5);
        // gain 0: sd·φ(0)
        Assert.Equal(2 * 0.398942, ExpectedImprovement.Of(mean: 1, stdDev: 2, best: 1), 5);
        // no uncertainty: the plain gain, never negative
        Assert.Equal(0.5, ExpectedImprovement.Of(mean: 0.5, stdDev: 0, best: 1));
        Assert.Equal(0, ExpectedImprovement.Of(mean: 2, stdDev: 0, best: 1));
    }

    [Fact]
    public void Normal_distribution_function_is_accurate()
    {
        Assert.Equal(0.5, Normal.Cdf(0), 7);
        Assert.Equal(0.9750021, Normal.Cdf(1.96), 6);
        Assert.Equal(0.0013499, Normal.Cdf(-3), 6);
    }

    [Fact]
    public void The_posterior_mean_interpolates_noiseless_data_and_is_unsure_far_from_it()
    {
        double[][] x = [[0.1], [0.4], [0.7], [0.9]];
        double[] y = [1.0, -0.5, 0.3, 2.0];
        var gp = GaussianProcess.Fit(x, y, new MaternKernel([0.2], 1.0), noise: 1e-8)!;
        for (int i = 0; i < x.Length; i++)
        {
            var (mean, sd) = gp.Predict(x[i]);
            Assert.Equal(y[i], mean, 3);
            Assert.True(sd < 0.01);
        }
        Assert.True(gp.Predict([0.55]).StdDev > 0.1);
    }

    [Fact]
    public void Same_seed_reproduces_the_study()
    {
        double[] Values()
        {
            var study = InMemory(new GpStrategy(), seed: 7);
            study.Optimize(t => StandardFunctions.Branin.Evaluate(t.Params), new TuningLimits { MaxTrials = 16 },
                space: StandardFunctions.Branin.Space);
            return study.Trials.Select(t => t.Value!.Value).ToArray();
        }
        Assert.Equal(Values(), Values());
    }

    [Fact]
    public void Proposals_stay_in_integer_categorical_and_log_ranges()
    {
        var space = new SearchSpace([
            new ContinuousRange("lr", 1e-5, 1e-1, ScalingType.Logarithmic),
            new IntegerRange("units", 8, 512, ScalingType.Logarithmic),
            new CategoricalRange("act", ["relu", "tanh", "gelu"]),
        ]);
        var study = InMemory(new GpStrategy(), seed: 1);
        study.Optimize(t => Math.Abs(Math.Log10((double)t.Params["lr"]) + 3) + ((string)t.Params["act"] == "tanh" ? 0 : 1),
            new TuningLimits { MaxTrials = 20 }, space: space);
        foreach (var trial in study.Trials)
        {
            var values = trial.ExternalParams;
            Assert.InRange((double)values["lr"], 1e-5, 1e-1);
            Assert.InRange((long)values["units"], 8, 512);
            Assert.Contains((string)values["act"], new[] { "relu", "tanh", "gelu" });
        }
        Assert.Equal("tanh", study.BestTrial!.ExternalParams["act"]);
    }

    [Fact]
    public void Beats_random_search_on_hartmann6()
    {
        var seeds = Enumerable.Range(0, 3).ToArray();
        double gp = Median(seeds.Select(s => Regret(StandardFunctions.Hartmann6, new GpStrategy(), s, 35)));
        double random = Median(seeds.Select(s => Regret(StandardFunctions.Hartmann6, new RandomSearch(), s, 35)));
        Assert.True(gp < random / 2, $"GP median regret {gp} should be under half of random's {random}");
    }
}
