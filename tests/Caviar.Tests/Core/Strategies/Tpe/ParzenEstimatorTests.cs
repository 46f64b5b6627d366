using Caviar.Numerics;
using Caviar.Strategies.Tpe;

namespace Caviar.Tests.Strategies;

public class ParzenEstimatorTests
{
    private static readonly TpeOptions Options = new();

    [Fact]
    public void Log_densities_equal_the_mixture_summed_over_every_component()
    {
        // Two numeric dimensions and one categorical one (3 choices); many observations, some on the cube's edges
        // (truncated kernels), with unequal weights, scored at points near them, between them and far from them.
        var random = new Random(5);
        int[] choices = [0, 3, 0];
        var observations = Enumerable.Range(0, 3000).Select(i => new[]
        {
            i % 50 == 0 ? 0.0 : random.NextDouble(), random.Next(3), i % 70 == 0 ? 1.0 : random.NextDouble() * 0.5,
        }).ToList();
        var weights = Enumerable.Range(0, observations.Count).Select(i => 0.1 + random.NextDouble()).ToArray();
        var estimator = new ParzenEstimator(choices, observations, weights, Options);

        List<double[]> points = [observations[7], observations[50], [0.0, 1, 1.0], [0.99, 2, 0.98], [0.5, 0, 0.25]];
        for (int i = 0; i < 40; i++) points.Add([random.NextDouble(), random.Next(3), random.NextDouble()]);
        var fast = estimator.LogDensities(points);
        for (int k = 0; k < points.Count; k++)
            Assert.Equal(DirectLogDensity(choices, observations, weights, points[k]), fast[k], 9);
    }

    [Fact]
    public void One_point_at_a_time_gives_the_same_densities_as_a_batch()
    {
        var random = new Random(3);
        var observations = Enumerable.Range(0, 203).Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToList();
        var estimator = new ParzenEstimator([0, 0], observations, Enumerable.Repeat(1.0, 203).ToArray(), Options);
        var points = Enumerable.Range(0, 9).Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToList();
        var batch = estimator.LogDensities(points);
        for (int k = 0; k < points.Count; k++) Assert.Equal(batch[k], estimator.LogDensity(points[k]));
    }

    [Fact]
    public void With_no_observations_the_density_is_the_prior()
    {
        var estimator = new ParzenEstimator([0, 4], [], [], Options);
        // The prior: N(0.5, 1) truncated to [0, 1] in the numeric dimension, uniform over 4 choices.
        double mass = Normal.Cdf(0.5) - Normal.Cdf(-0.5);
        double expected = Normal.LogPdf(0.2 - 0.5) - Math.Log(mass) - Math.Log(4);
        Assert.Equal(expected, estimator.LogDensity([0.2, 1]), 12);
    }

    /// <summary>The density from its definition: log Σ_c w_c/W · Π_d kernel_c,d(x), over every component.</summary>
    private static double DirectLogDensity(int[] choices, List<double[]> observations, double[] weights, double[] x)
    {
        int dims = choices.Length;
        double sigma = Math.Clamp(Options.BandwidthFactor * Math.Pow(observations.Count, -1.0 / (dims + 4)), Options.MinBandwidth, 1);
        double total = Options.PriorWeight + weights.Sum();
        var terms = new List<double>();
        double prior = Math.Log(Options.PriorWeight / total);
        for (int d = 0; d < dims; d++)
            prior += choices[d] == 0 ? LogTruncatedNormal(x[d], 0.5, 1.0) : -Math.Log(choices[d]);
        terms.Add(prior);
        for (int i = 0; i < observations.Count; i++)
        {
            double term = Math.Log(weights[i] / total);
            for (int d = 0; d < dims; d++)
            {
                if (choices[d] == 0) term += LogTruncatedNormal(x[d], observations[i][d], sigma);
                else term += Math.Log(((int)x[d] == (int)observations[i][d] ? 1 - Options.CategoricalSmoothing : 0)
                    + Options.CategoricalSmoothing / choices[d]);
            }
            terms.Add(term);
        }
        return LogSumExp.Of(terms.ToArray());
    }

    /// <summary>log of N(mu, σ²) truncated to [0, 1] (mass taken as 1 more than 5σ from both edges) at x.</summary>
    private static double LogTruncatedNormal(double x, double mu, double sigma)
    {
        bool interior = mu > 5 * sigma && mu < 1 - 5 * sigma;
        double mass = interior ? 1 : Normal.Cdf((1 - mu) / sigma) - Normal.Cdf(-mu / sigma);
        return Normal.LogPdf((x - mu) / sigma) - Math.Log(sigma) - Math.Log(mass);
    }
}
