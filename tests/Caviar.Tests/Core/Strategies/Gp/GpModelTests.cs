using Caviar.Numerics;
using Caviar.Strategies.Gp;

namespace Caviar.Tests.Strategies;

public class GpModelTests
{
    private static (double[][] X, double[] Y) Data(int n, int dims, Func<double[], double> f, int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, dims).Select(_ => random.NextDouble()).ToArray()).ToArray();
        return (x, ObjectiveWarpings.Standardise(x.Select(f).ToArray()));
    }

    [Fact]
    public void Marginal_likelihood_gradient_matches_finite_differences()
    {
        var (x, y) = Data(30, 3, p => Math.Sin(6 * p[0]) + p[1] * p[1] + 0.1 * p[2], seed: 1);
        double[] theta = [Math.Log(0.4), Math.Log(0.2), Math.Log(1.5), Math.Log(0.01), Math.Log(0.8)];
        var gradient = new double[theta.Length];
        MarginalLikelihood.Evaluate(x, y, theta, gradient);
        for (int p = 0; p < theta.Length; p++)
        {
            const double h = 1e-5;
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            up[p] += h;
            down[p] -= h;
            double numeric = (MarginalLikelihood.Evaluate(x, y, up) - MarginalLikelihood.Evaluate(x, y, down)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[p]) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
                $"parameter {p}: analytic {gradient[p]}, finite differences {numeric}");
        }
    }

    [Fact]
    public void Marginal_likelihood_is_the_one_the_fitted_process_reports()
    {
        var (x, y) = Data(25, 2, p => p[0] - 2 * p[1], seed: 2);
        double[] theta = [Math.Log(0.3), Math.Log(0.7), Math.Log(1e-3), Math.Log(1.2)];
        var gp = GaussianProcess.Fit(x, y, new MaternKernel([0.3, 0.7], 1.2), 1e-3)!;
        Assert.Equal(gp.LogMarginalLikelihood, MarginalLikelihood.Evaluate(x, y, theta), 8);
    }

    [Fact]
    public void Gradient_fit_picks_short_length_scales_for_wiggly_data_and_long_ones_for_smooth_data()
    {
        var (wx, wy) = Data(40, 1, p => Math.Sin(25 * p[0]), seed: 3);
        var (sx, sy) = Data(40, 1, p => p[0], seed: 3);
        var wiggly = GpModelFit.FitByGradient(wx, wy, 40);
        var smooth = GpModelFit.FitByGradient(sx, sy, 40);
        Assert.True(wiggly.Kernel.LengthScales[0] < 0.15, $"wiggly length scale {wiggly.Kernel.LengthScales[0]}");
        Assert.True(smooth.Kernel.LengthScales[0] > 0.5, $"smooth length scale {smooth.Kernel.LengthScales[0]}");
        // It climbs: the fit is at least as likely as its starting point.
        double start = MarginalLikelihood.Evaluate(wx, wy, [Math.Log(0.3), Math.Log(1e-3), 0]);
        Assert.True(wiggly.LogMarginalLikelihood >= start);
    }

    [Fact]
    public void Normal_quantile_inverts_the_distribution_function()
    {
        Assert.Equal(1.959964, Normal.Quantile(0.975), 5);
        Assert.Equal(0, Normal.Quantile(0.5), 12);
        Assert.Equal(-3.090232, Normal.Quantile(0.001), 5);
        foreach (double p in new[] { 1e-6, 0.01, 0.02425, 0.2, 0.5, 0.7, 0.97575, 0.999 })
            Assert.Equal(p, Normal.Cdf(Normal.Quantile(p)), 6);
        Assert.Equal(double.NegativeInfinity, Normal.Quantile(0));
    }

    [Fact]
    public void Normal_scores_keep_the_order_share_ties_and_ignore_the_scale()
    {
        double[] losses = [1e5, 3.0, 0.01, 3.0, 250, 7e3, 0.5];
        var scores = ObjectiveWarpings.NormalScores(losses);
        for (int i = 0; i < losses.Length; i++)
            for (int j = 0; j < losses.Length; j++)
                Assert.Equal(Math.Sign(losses[i].CompareTo(losses[j])), Math.Sign(scores[i].CompareTo(scores[j])));
        Assert.Equal(scores[1], scores[3]);                 // a tie shares its mean rank's score
        Assert.Equal(0, ObjectiveWarpings.NormalScores([3.0, 1.0, 2.0, 9.0]).Sum(), 10);   // symmetric about 0
        Assert.Equal(Normal.Quantile(0.5 / 7), scores[2], 12);
        // Any increasing transform of the losses (here log) gives the same targets: orders of magnitude do not matter.
        Assert.Equal(scores, ObjectiveWarpings.NormalScores(losses.Select(l => Math.Log(l)).ToArray()));
    }
}
