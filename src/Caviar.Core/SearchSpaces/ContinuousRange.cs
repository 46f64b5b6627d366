using System.Globalization;
using System.Text.Json.Serialization;
using Caviar.Validation;

namespace Caviar.SearchSpaces;

/// <summary>
/// A real-valued hyperparameter in [MinValue, MaxValue]; with <see cref="Step"/>, only MinValue + k·Step
/// (Optuna's <c>suggest_float(..., step=)</c>).
/// </summary>
/// <param name="Name">The hyperparameter's name: letters, digits, '_', '-' or '.'.</param>
/// <param name="MinValue">Smallest value (included).</param>
/// <param name="MaxValue">Largest value (included).</param>
/// <param name="ScalingType">Linear, Logarithmic (min &gt; 0), ReverseLogarithmic (0 ≤ min &lt; max &lt; 1) or Auto (logarithmic when min &gt; 0 and max/min ≥ 100). Default Auto.</param>
/// <param name="Step">Only min + k·step is drawn; must divide max − min, needs linear scaling. Default none.</param>
public sealed record ContinuousRange(string Name, double MinValue, double MaxValue,
    ScalingType ScalingType = ScalingType.Auto,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Step = null) : ParameterRange(Name)
{
    /// <summary>The scaling actually used once <see cref="ScalingType.Auto"/> is resolved (linear with a step).</summary>
    public ScalingType EffectiveScaling => Step is null || ScalingType != ScalingType.Auto
        ? AutoScaling.Resolve(ScalingType, MinValue, MaxValue) : ScalingType.Linear;

    /// <summary>With a step, the number of steps from min to max (the grid has one point more).</summary>
    private long StepCount => RangeSteps.Count(Name, MinValue, MaxValue, Step!.Value, EffectiveScaling);

    public override double ToUnit(double internalValue) => Step is { } step
        ? RangeSteps.ToUnit(Math.Clamp((long)Math.Round((internalValue - MinValue) / step), 0, StepCount), StepCount)
        : ScaleTransform.ToUnit(EffectiveScaling, MinValue, MaxValue, internalValue);

    public override double FromUnit(double unit) => Step is { } step
        ? RangeSteps.ValueAt(RangeSteps.FromUnit(unit, StepCount), MinValue, MaxValue, step, StepCount)
        : ScaleTransform.FromUnit(EffectiveScaling, MinValue, MaxValue, unit);

    public override bool Contains(double internalValue) => internalValue >= MinValue && internalValue <= MaxValue
        && (Step is not { } step || RangeSteps.IndexOf(internalValue, MinValue, step, StepCount) is not null);

    public override double ValueAt(long index) =>
        Step is { } step ? RangeSteps.ValueAt(index, MinValue, MaxValue, step, StepCount) : index;

    public override object ToExternal(double internalValue) => internalValue;

    public override double ToInternal(object externalValue)
    {
        double value = Convert.ToDouble(externalValue, CultureInfo.InvariantCulture);
        if (value < MinValue || value > MaxValue)
            throw new CaviarValidationException(Name, $"{value} is outside [{MinValue}, {MaxValue}]");
        if (Step is { } step)
            return RangeSteps.IndexOf(value, MinValue, step, StepCount) is { } index
                ? RangeSteps.ValueAt(index, MinValue, MaxValue, step, StepCount)
                : throw new CaviarValidationException(Name, $"{value} is not {MinValue} + a multiple of the step {step}");
        return value;
    }

    /// <summary>Null (continuous), or with a step the number of grid points, so Grid search can visit them.</summary>
    public override long? Cardinality => Step is null ? null : StepCount + 1;

    public override void Validate(string field)
    {
        NumericRangeRules.Validate(field, Name, MinValue, MaxValue, ScalingType);
        if (Step is { } step) RangeSteps.Count(field, MinValue, MaxValue, step, EffectiveScaling);
    }
}
