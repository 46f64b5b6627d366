using System.Globalization;
using Caviar.Validation;

namespace Caviar.SearchSpaces;

/// <summary>An integer hyperparameter in [MinValue, MaxValue], both ends included.</summary>
public sealed record IntegerRange(string Name, long MinValue, long MaxValue,
    ScalingType ScalingType = ScalingType.Auto) : ParameterRange(Name)
{
    public ScalingType EffectiveScaling => AutoScaling.Resolve(ScalingType, MinValue, MaxValue);

    // Each integer owns an equal slice of the warped interval [min - 0.5, max + 0.5]
    // (log scales use [min, max + 1) instead, since min - 0.5 may not be positive).
    private (double Lo, double Hi) Widened => EffectiveScaling == ScalingType.Linear
        ? (MinValue - 0.5, MaxValue + 0.5)
        : (MinValue, MaxValue + 1.0 - 1e-9);

    public override double ToUnit(double internalValue)
    {
        var (lo, hi) = Widened;
        double anchor = EffectiveScaling == ScalingType.Linear ? internalValue : internalValue + 0.5;
        return ScaleTransform.ToUnit(EffectiveScaling, lo, hi, Math.Clamp(anchor, lo, hi));
    }

    public override double FromUnit(double unit)
    {
        var (lo, hi) = Widened;
        double x = ScaleTransform.FromUnit(EffectiveScaling, lo, hi, unit);
        double rounded = EffectiveScaling == ScalingType.Linear ? Math.Round(x) : Math.Floor(x);
        return Math.Clamp(rounded, MinValue, MaxValue);
    }

    public override bool Contains(double internalValue) =>
        internalValue >= MinValue && internalValue <= MaxValue && internalValue == Math.Floor(internalValue);

    public override object ToExternal(double internalValue) => (long)internalValue;

    public override double ToInternal(object externalValue)
    {
        double value = Convert.ToDouble(externalValue, CultureInfo.InvariantCulture);
        if (!Contains(value))
            throw new CaviarValidationException(Name, $"{value} is not an integer in [{MinValue}, {MaxValue}]");
        return value;
    }

    public override long? Cardinality => MaxValue - MinValue + 1;

    public override void Validate(string field)
    {
        if (EffectiveScaling == ScalingType.ReverseLogarithmic)
            throw new CaviarValidationException($"{field}.scalingType",
                "ReverseLogarithmic scaling applies only to continuous ranges inside [0, 1)");
        NumericRangeRules.Validate(field, Name, MinValue, MaxValue, ScalingType);
    }
}
