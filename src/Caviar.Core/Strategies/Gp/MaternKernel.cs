namespace Caviar.Strategies.Gp;

/// <summary>
/// The Matérn 5/2 kernel with one length scale per dimension (ARD):
/// k(x, y) = s² (1 + √5 r + 5r²/3) exp(−√5 r), r² = Σ ((xᵢ − yᵢ)/ℓᵢ)².
/// </summary>
internal sealed record MaternKernel(double[] LengthScales, double SignalVariance)
{
    private static readonly double Sqrt5 = Math.Sqrt(5);

    public double this[ReadOnlySpan<double> x, ReadOnlySpan<double> y]
    {
        get
        {
            double r2 = 0;
            for (int d = 0; d < x.Length; d++)
            {
                double z = (x[d] - y[d]) / LengthScales[d];
                r2 += z * z;
            }
            double r = Math.Sqrt(r2);
            return SignalVariance * (1 + Sqrt5 * r + 5.0 / 3.0 * r2) * Math.Exp(-Sqrt5 * r);
        }
    }
}
