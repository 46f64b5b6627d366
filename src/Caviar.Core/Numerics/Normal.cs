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

    /// <summary>
    /// The quantile function Φ⁻¹(p) for p in (0, 1), by Acklam's rational approximations (relative error below
    /// 1.2e-9); −∞ at 0 and +∞ at 1.
    /// </summary>
    public static double Quantile(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "a probability is in [0, 1]");
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return TailRatio(q);
        }
        if (p > 1 - low)
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -TailRatio(q);
        }
        double r = p - 0.5, r2 = r * r;
        return (((((-3.969683028665376e+01 * r2 + 2.209460984245205e+02) * r2 - 2.759285104469687e+02) * r2
                   + 1.383577518672690e+02) * r2 - 3.066479806614716e+01) * r2 + 2.506628277459239e+00) * r /
               (((((-5.447609879822406e+01 * r2 + 1.615858368580409e+02) * r2 - 1.556989798598866e+02) * r2
                   + 6.680131188771972e+01) * r2 - 1.328068155288572e+01) * r2 + 1);
    }

    private static double TailRatio(double q) =>
        (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
            - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
        ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
            + 3.754408661907416e+00) * q + 1);
}
