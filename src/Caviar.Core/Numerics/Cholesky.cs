namespace Caviar.Numerics;

/// <summary>Cholesky factorisation A = L·Lᵀ of a symmetric positive definite matrix, and solves with it.</summary>
public sealed class Cholesky
{
    private readonly double[,] _lower;

    private Cholesky(double[,] lower) => _lower = lower;

    public int Size => _lower.GetLength(0);

    /// <summary>Factorises <paramref name="matrix"/>, or returns null when it is not positive definite.</summary>
    public static Cholesky? TryFactor(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = matrix[i, j];
                for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (sum <= 0 || !double.IsFinite(sum)) return null;
                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }
        return new Cholesky(l);
    }

    /// <summary>Solves L·x = b.</summary>
    public double[] SolveLower(ReadOnlySpan<double> b)
    {
        int n = Size;
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= _lower[i, k] * x[k];
            x[i] = sum / _lower[i, i];
        }
        return x;
    }

    /// <summary>Solves A·x = b (forward then backward substitution).</summary>
    public double[] Solve(ReadOnlySpan<double> b)
    {
        var y = SolveLower(b);
        int n = Size;
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) sum -= _lower[k, i] * x[k];
            x[i] = sum / _lower[i, i];
        }
        return x;
    }

    /// <summary>log det A = 2 Σ log Lᵢᵢ.</summary>
    public double LogDeterminant()
    {
        double sum = 0;
        for (int i = 0; i < Size; i++) sum += Math.Log(_lower[i, i]);
        return 2 * sum;
    }
}
