namespace Caviar.SearchSpaces;

/// <summary>The monotone warp applied by a scaling type before the range is stretched to [0, 1].</summary>
internal static class ScaleTransform
{
    public static double Forward(ScalingType scaling, double x) => scaling switch
    {
        ScalingType.Logarithmic => Math.Log(x),
        ScalingType.ReverseLogarithmic => -Math.Log(1.0 - x),
        _ => x,
    };

    public static double Inverse(ScalingType scaling, double y) => scaling switch
    {
        ScalingType.Logarithmic => Math.Exp(y),
        ScalingType.ReverseLogarithmic => 1.0 - Math.Exp(-y),
        _ => y,
    };

    public static double ToUnit(ScalingType scaling, double min, double max, double x)
    {
        double lo = Forward(scaling, min), hi = Forward(scaling, max);
        return Math.Clamp((Forward(scaling, x) - lo) / (hi - lo), 0.0, 1.0);
    }

    public static double FromUnit(ScalingType scaling, double min, double max, double unit)
    {
        double lo = Forward(scaling, min), hi = Forward(scaling, max);
        double x = Inverse(scaling, lo + Math.Clamp(unit, 0.0, 1.0) * (hi - lo));
        return Math.Clamp(x, min, max);
    }
}
