namespace Caviar.Strategies.Gp;

/// <summary>
/// Fits the kernel's length scales, signal variance and the noise to the data by maximising the log marginal
/// likelihood in log space, within fixed bounds: by a coordinate search (steps halve each sweep), or by gradient
/// ascent from several starts (<see cref="FitByGradient"/>). Deterministic.
/// </summary>
internal static class GpModelFit
{
    private const double MinLogLength = -4.6, MaxLogLength = 2.3;     // length scales in [0.01, 10]
    private const double MinLogNoise = -13.8, MaxLogNoise = -0.7;     // noise in [1e-6, 0.5]
    private const double MinLogSignal = -3.0, MaxLogSignal = 3.0;

    public static GaussianProcess Fit(double[][] inputs, double[] targets, int sweeps)
    {
        int dims = inputs[0].Length;
        // Parameters: log length scales (dims), log noise, log signal variance.
        var theta = Enumerable.Repeat(Math.Log(0.3), dims).Append(Math.Log(1e-3)).Append(0.0).ToArray();
        var best = Build(inputs, targets, theta) ?? Build(inputs, targets, Widen(theta))!;
        double step = 1.0;
        for (int sweep = 0; sweep < sweeps; sweep++, step /= 2)
        {
            for (int p = 0; p < theta.Length; p++)
            {
                foreach (double delta in new[] { -2 * step, -step, step, 2 * step })
                {
                    var trial = (double[])theta.Clone();
                    trial[p] = Clamp(p, dims, trial[p] + delta);
                    if (Build(inputs, targets, trial) is { } candidate &&
                        candidate.LogMarginalLikelihood > best.LogMarginalLikelihood)
                    {
                        best = candidate;
                        theta = trial;
                    }
                }
            }
        }
        return best;
    }

    /// <summary>
    /// Projected gradient ascent on the log marginal likelihood (<see cref="MarginalLikelihood"/>) from three starts
    /// (all length scales 0.1, 0.3 and 1; noise 1e-3, signal variance 1): each step moves along the gradient by at most
    /// <c>step</c> in any log parameter, the step growing by half after a gain and halving after a loss, until it is
    /// below 1e-3 or after <paramref name="iterations"/> evaluations. The best end point is the model.
    /// </summary>
    public static GaussianProcess FitByGradient(double[][] inputs, double[] targets, int iterations)
    {
        int dims = inputs[0].Length;
        double[]? best = null;
        double bestValue = double.NegativeInfinity;
        foreach (double length in new[] { 0.1, 0.3, 1.0 })
        {
            var theta = Enumerable.Repeat(Math.Log(length), dims).Append(Math.Log(1e-3)).Append(0.0).ToArray();
            var gradient = new double[theta.Length];
            double value = MarginalLikelihood.Evaluate(inputs, targets, theta, gradient);
            if (double.IsNaN(value)) continue;
            double step = 0.5;
            for (int iteration = 0; iteration < iterations && step > 1e-3; iteration++)
            {
                double largest = gradient.Max(Math.Abs);
                if (!(largest > 0)) break;
                var trial = theta.Select((t, p) => Clamp(p, dims, t + step * gradient[p] / largest)).ToArray();
                var trialGradient = new double[theta.Length];
                double trialValue = MarginalLikelihood.Evaluate(inputs, targets, trial, trialGradient);
                if (trialValue > value)
                {
                    (theta, value, gradient) = (trial, trialValue, trialGradient);
                    step = Math.Min(step * 1.5, 2);
                }
                else step /= 2;
            }
            if (value > bestValue) (best, bestValue) = (theta, value);
        }
        var theta0 = Enumerable.Repeat(Math.Log(0.3), dims).Append(Math.Log(1e-3)).Append(0.0).ToArray();
        return (best is null ? null : Build(inputs, targets, best)) ?? Build(inputs, targets, theta0) ??
               Build(inputs, targets, Widen(theta0))!;
    }

    private static GaussianProcess? Build(double[][] inputs, double[] targets, double[] theta)
    {
        int dims = theta.Length - 2;
        var kernel = new MaternKernel(theta.Take(dims).Select(Math.Exp).ToArray(), Math.Exp(theta[dims + 1]));
        return GaussianProcess.Fit(inputs, targets, kernel, Math.Exp(theta[dims]));
    }

    private static double[] Widen(double[] theta)
    {
        var wide = (double[])theta.Clone();
        wide[^2] = MaxLogNoise;
        return wide;
    }

    private static double Clamp(int parameter, int dims, double value) =>
        parameter < dims ? Math.Clamp(value, MinLogLength, MaxLogLength)
        : parameter == dims ? Math.Clamp(value, MinLogNoise, MaxLogNoise)
        : Math.Clamp(value, MinLogSignal, MaxLogSignal);
}
