using Caviar.Numerics;

namespace Caviar.Strategies.Gp;

/// <summary>A Gaussian-process posterior over observations (x, y) with a kernel and Gaussian noise.</summary>
internal sealed class GaussianProcess
{
    private readonly double[][] _inputs;
    private readonly Cholesky _factor;
    private readonly double[] _alpha;

    private GaussianProcess(double[][] inputs, MaternKernel kernel, double noise, Cholesky factor, double[] alpha,
        double logMarginalLikelihood)
    {
        _inputs = inputs;
        Kernel = kernel;
        Noise = noise;
        _factor = factor;
        _alpha = alpha;
        LogMarginalLikelihood = logMarginalLikelihood;
    }

    public MaternKernel Kernel { get; }
    public double Noise { get; }
    public double LogMarginalLikelihood { get; }

    /// <summary>Conditions on the data, or returns null when the kernel matrix is numerically singular.</summary>
    public static GaussianProcess? Fit(double[][] inputs, double[] targets, MaternKernel kernel, double noise)
    {
        int n = inputs.Length;
        var matrix = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++) matrix[i, j] = matrix[j, i] = kernel[inputs[i], inputs[j]];
            matrix[i, i] = kernel.SignalVariance + noise + 1e-10;
        }
        var factor = Cholesky.TryFactor(matrix);
        if (factor is null) return null;
        var alpha = factor.Solve(targets);
        double fit = 0;
        for (int i = 0; i < n; i++) fit += targets[i] * alpha[i];
        double lml = -0.5 * fit - 0.5 * factor.LogDeterminant() - 0.5 * n * Math.Log(2 * Math.PI);
        return new GaussianProcess(inputs, kernel, noise, factor, alpha, lml);
    }

    /// <summary>Posterior mean and standard deviation of the latent function at <paramref name="x"/>.</summary>
    public (double Mean, double StdDev) Predict(ReadOnlySpan<double> x)
    {
        int n = _inputs.Length;
        Span<double> k = n <= 512 ? stackalloc double[n] : new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            k[i] = Kernel[x, _inputs[i]];
            mean += k[i] * _alpha[i];
        }
        var v = _factor.SolveLower(k);
        double explained = 0;
        foreach (double vi in v) explained += vi * vi;
        return (mean, Math.Sqrt(Math.Max(Kernel.SignalVariance - explained, 1e-12)));
    }
}
