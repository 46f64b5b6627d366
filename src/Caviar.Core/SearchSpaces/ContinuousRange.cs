using System.Globalization;
using Caviar.Validation;

namespace Caviar.SearchSpaces;

/// <summary>A real-valued hyperparameter in [MinValue, MaxValue].</summary>
public sealed record ContinuousRange(string Name, double MinValue, double MaxValue,
    ScalingType ScalingType = ScalingType.Auto) : ParameterRange(Name)
{
    /// <summary>The scaling actually used once <see cref="ScalingType.Auto"/> is resolved.</summary>
    public ScalingType EffectiveScaling => AutoScaling.Resolve(ScalingType, MinValue, MaxValue);

    public override double ToUnit(double internalValue) =>
        ScaleTransform.ToUnit(EffectiveScaling, MinValue, MaxValue, internalValue);

    public override double FromUnit(double unit) =>
        ScaleTransform.FromUnit(EffectiveScaling, MinValue, MaxValue, unit);

    public override bool Contains(double internalValue) => internalValue >= MinValue && internalValue <= MaxValue;

    public override object ToExternal(double internalValue) => internalValue;

    public override double ToInternal(object externalValue)
    {
        double value = Convert.ToDouble(externalValue, CultureInfo.InvariantCulture);
        if (!Contains(value))
            throw new CaviarValidationException(Name, $"{value} is outside [{MinValue}, {MaxValue}]");
        return value;
    }

    public override long? Cardinality => null;

    public override void Validate(string field) =>
        NumericRangeRules.Validate(field, Name, MinValue, MaxValue, ScalingType);
}
