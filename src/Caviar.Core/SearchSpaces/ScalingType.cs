namespace Caviar.SearchSpaces;

/// <summary>How a numeric range is explored, as in SageMaker's ScalingType.</summary>
public enum ScalingType
{
    /// <summary>
    /// Picks for you: <see cref="Logarithmic"/> when min &gt; 0 and max/min ≥ <see cref="AutoScaling.LogRatioThreshold"/>,
    /// otherwise <see cref="Linear"/>.
    /// </summary>
    Auto,
    /// <summary>Uniform in the value itself.</summary>
    Linear,
    /// <summary>Uniform in log(value); needs min &gt; 0. For learning rates, regularisation strengths.</summary>
    Logarithmic,
    /// <summary>Uniform in -log(1 - value); needs 0 ≤ min &lt; max &lt; 1. For values near 1 such as momentum β.</summary>
    ReverseLogarithmic,
}

/// <summary>The rule behind <see cref="ScalingType.Auto"/>.</summary>
public static class AutoScaling
{
    /// <summary>A positive range whose max/min is at least this (two orders of magnitude) is searched on a log scale.</summary>
    public const double LogRatioThreshold = 100.0;

    public static ScalingType Resolve(ScalingType requested, double min, double max) =>
        requested != ScalingType.Auto ? requested
        : min > 0 && max / min >= LogRatioThreshold ? ScalingType.Logarithmic
        : ScalingType.Linear;
}
