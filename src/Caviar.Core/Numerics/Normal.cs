namespace Caviar.Numerics;

/// <summary>The standard normal distribution: density, distribution function and the complementary error function.</summary>
public static class Normal
{
    private const double LogSqrtTwoPi = 0.91893853320467274178;

    public static double LogPdf(double z) => -0.5 * z * z - LogSqrtTwoPi;

    public static double Pdf(double z) => Math.Exp(LogPdf(z));

    /// <summary>P(Z ≤ z).</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2.0));

    /// <summary>
    /// erfc(x) by the Chebyshev fit of Numerical Recipes (2nd ed., §6.2, erfcc), fractional error below 1.2e-7
    /// everywhere, and never negative, so tail probabilities keep their sign.
    /// </summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
            t * (-0.82215223 + t * 0.17087277))))))));
        double result = t * Math.Exp(poly);
        return x >= 0 ? result : 2.0 - result;
    }
}
