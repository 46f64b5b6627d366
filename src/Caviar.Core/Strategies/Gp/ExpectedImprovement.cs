using Caviar.Numerics;

namespace Caviar.Strategies.Gp;

/// <summary>Expected improvement below <c>best</c> for minimisation: E[max(best − ξ − f, 0)] with f ~ N(mean, sd²).</summary>
internal static class ExpectedImprovement
{
    public static double Of(double mean, double stdDev, double best, double exploration = 0)
    {
        double gain = best - exploration - mean;
        if (stdDev <= 1e-12) return Math.Max(gain, 0);
        double z = gain / stdDev;
        return gain * Normal.Cdf(z) + stdDev * Normal.Pdf(z);
    }
}
