using Caviar.Numerics;

namespace Caviar.Strategies.Gp;

/// <summary>
/// The log marginal likelihood of targets y under a zero-mean Gaussian process with the Matérn 5/2 ARD kernel,
/// log p(y) = −½ yᵀK⁻¹y − ½ log det K − (n/2) log 2π with K = s²·M + (σ² + 1e-10)·I, and its gradient with
/// respect to θ = (log ℓ₁ … log ℓ_d, log σ², log s²): ∂/∂θⱼ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θⱼ), α = K⁻¹y.
/// </summary>
internal static class MarginalLikelihood
{
    private static readonly double Sqrt5 = Math.Sqrt(5);

    /// <summary>
    /// The log marginal likelihood at <paramref name="theta"/>, writing its gradient into <paramref name="gradient"/>
    /// (when given); NaN when the kernel matrix is not numerically positive definite.
    /// </summary>
    public static double Evaluate(double[][] inputs, double[] targets, double[] theta, double[]? gradient = null)
    {
        int n = inputs.Length, dims = theta.Length - 2;
        var inverseLengths = new double[dims];
        for (int d = 0; d < dims; d++) inverseLengths[d] = Math.Exp(-theta[d]);
        double noise = Math.Exp(theta[dims]), signal = Math.Exp(theta[dims + 1]);

        var matrix = new double[n, n];
        var distance = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double r2 = 0;
                for (int d = 0; d < dims; d++)
                {
                    double z = (inputs[i][d] - inputs[j][d]) * inverseLengths[d];
                    r2 += z * z;
                }
                double r = Math.Sqrt(r2);
                distance[i, j] = distance[j, i] = r;
                matrix[i, j] = matrix[j, i] = signal * (1 + Sqrt5 * r + 5.0 / 3.0 * r2) * Math.Exp(-Sqrt5 * r);
            }
            matrix[i, i] = signal + noise + 1e-10;
        }
        var factor = Cholesky.TryFactor(matrix);
        if (factor is null) return double.NaN;
        var alpha = factor.Solve(targets);
        double fit = 0;
        for (int i = 0; i < n; i++) fit += targets[i] * alpha[i];
        double value = -0.5 * fit - 0.5 * factor.LogDeterminant() - 0.5 * n * Math.Log(2 * Math.PI);
        if (gradient is null) return value;

        // W = ααᵀ − K⁻¹ (K⁻¹ column by column).
        var w = new double[n, n];
        var unit = new double[n];
        for (int j = 0; j < n; j++)
        {
            unit[j] = 1;
            var column = factor.Solve(unit);
            unit[j] = 0;
            for (int i = 0; i < n; i++) w[i, j] = alpha[i] * alpha[j] - column[i];
        }
        Array.Clear(gradient);
        for (int i = 0; i < n; i++)
        {
            gradient[dims] += 0.5 * w[i, i] * noise;
            gradient[dims + 1] += 0.5 * w[i, i] * signal;
            for (int j = 0; j < i; j++)
            {
                double r = distance[i, j], e = Math.Exp(-Sqrt5 * r), wij = w[i, j] + w[j, i];   // both triangles
                gradient[dims + 1] += 0.5 * wij * signal * (1 + Sqrt5 * r + 5.0 / 3.0 * r * r) * e;
                // ∂k/∂log ℓ_d = s² (5/3)(1 + √5 r) e^(−√5 r) (Δ_d/ℓ_d)²
                double common = 0.5 * wij * signal * 5.0 / 3.0 * (1 + Sqrt5 * r) * e;
                for (int d = 0; d < dims; d++)
                {
                    double z = (inputs[i][d] - inputs[j][d]) * inverseLengths[d];
                    gradient[d] += common * z * z;
                }
            }
        }
        return value;
    }
}
