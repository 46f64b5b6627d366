namespace Caviar.Numerics;

/// <summary>
/// Eigen-decomposition A = V·diag(λ)·Vᵀ of a symmetric matrix by cyclic Jacobi rotations (accurate for the small
/// matrices a covariance over hyperparameters is; cost O(n³) per sweep, a handful of sweeps).
/// </summary>
public static class SymmetricEigen
{
    /// <summary>Eigenvalues and eigenvectors (column j of the matrix belongs to value j) of <paramref name="matrix"/>.</summary>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (int i = 0; i < n; i++) v[i, i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diagonal = 0;
            for (int p = 0; p < n; p++)
            {
                diagonal += a[p, p] * a[p, p];
                for (int q = p + 1; q < n; q++) off += a[p, q] * a[p, q];
            }
            if (off <= 1e-30 * diagonal || off == 0) break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                    if (a[p, q] != 0) Rotate(a, v, p, q, n);
        }
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i, i];
        return (values, v);
    }

    private static void Rotate(double[,] a, double[,] v, int p, int q, int n)
    {
        double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
        double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[k, p], akq = a[k, q];
            a[k, p] = c * akp - s * akq;
            a[k, q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++)
        {
            double apk = a[p, k], aqk = a[q, k];
            a[p, k] = c * apk - s * aqk;
            a[q, k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++)
        {
            double vkp = v[k, p], vkq = v[k, q];
            v[k, p] = c * vkp - s * vkq;
            v[k, q] = s * vkp + c * vkq;
        }
    }
}
