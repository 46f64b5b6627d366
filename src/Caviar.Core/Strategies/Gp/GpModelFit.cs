namespace Caviar.Strategies.Gp;

/// <summary>
/// Fits the kernel's length scales, signal variance and the noise to the data by maximising the log marginal
/// likelihood with a coordinate search in log space (steps halve each sweep). Deterministic.
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
