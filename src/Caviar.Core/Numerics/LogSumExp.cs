namespace Caviar.Numerics;

public static class LogSumExp
{
    /// <summary>log Σ exp(values[i]) without overflow.</summary>
    public static double Of(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values) if (v > max) max = v;
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (double v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
