using System.Globalization;
using System.Text.Json.Serialization;
using Caviar.Validation;

namespace Caviar.SearchSpaces;

/// <summary>
/// An integer hyperparameter in [MinValue, MaxValue], both ends included; with <see cref="Step"/> (default 1), only
/// MinValue + k·Step (Optuna's <c>suggest_int(..., step=)</c>).
/// </summary>
/// <param name="Name">The hyperparameter's name: letters, digits, '_', '-' or '.'.</param>
/// <param name="MinValue">Smallest value (included).</param>
/// <param name="MaxValue">Largest value (included).</param>
/// <param name="ScalingType">Linear, Logarithmic (min &gt; 0) or Auto (logarithmic when min &gt; 0 and max/min ≥ 100). Default Auto.</param>
/// <param name="Step">Only min + k·step is drawn; must divide max − min; above 1 it needs linear scaling. Default 1.</param>
public sealed record IntegerRange(string Name, long MinValue, long MaxValue,
    ScalingType ScalingType = ScalingType.Auto,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Step = null) : ParameterRange(Name)
{
    /// <summary>The scaling actually used once <see cref="ScalingType.Auto"/> is resolved (linear with a step above 1).</summary>
    public ScalingType EffectiveScaling => Step is null or 1 || ScalingType != ScalingType.Auto
        ? AutoScaling.Resolve(ScalingType, MinValue, MaxValue) : ScalingType.Linear;

    private bool Stepped => Step is { } step && step != 1;

    private long StepCount => RangeSteps.Count(Name, MinValue, MaxValue, Step!.Value, EffectiveScaling);

    // Each integer owns an equal slice of the warped interval [min - 0.5, max + 0.5]
    // (log scales use [min, max + 1) instead, since min - 0.5 may not be positive).
    private (double Lo, double Hi) Widened => EffectiveScaling == ScalingType.Linear
        ? (MinValue - 0.5, MaxValue + 0.5)
        : (MinValue, MaxValue + 1.0 - 1e-9);

    public override double ToUnit(double internalValue)
    {
        if (Stepped)
            return RangeSteps.ToUnit(Math.Clamp((long)Math.Round((internalValue - MinValue) / Step!.Value), 0, StepCount), StepCount);
        var (lo, hi) = Widened;
        double anchor = EffectiveScaling == ScalingType.Linear ? internalValue : internalValue + 0.5;
        return ScaleTransform.ToUnit(EffectiveScaling, lo, hi, Math.Clamp(anchor, lo, hi));
    }

    public override double FromUnit(double unit)
    {
        if (Stepped) return MinValue + RangeSteps.FromUnit(unit, StepCount) * Step!.Value;
        var (lo, hi) = Widened;
        double x = ScaleTransform.FromUnit(EffectiveScaling, lo, hi, unit);
        double rounded = EffectiveScaling == ScalingType.Linear ? Math.Round(x) : Math.Floor(x);
        return Math.Clamp(rounded, MinValue, MaxValue);
    }

    public override bool Contains(double internalValue) =>
        internalValue >= MinValue && internalValue <= MaxValue && internalValue == Math.Floor(internalValue)
        && (!Stepped || ((long)internalValue - MinValue) % Step!.Value == 0);

    public override double ValueAt(long index) => MinValue + index * (Step ?? 1);

    public override object ToExternal(double internalValue) => (long)internalValue;

    public override double ToInternal(object externalValue)
    {
        double value = Convert.ToDouble(externalValue, CultureInfo.InvariantCulture);
        if (!Contains(value))
            throw new CaviarValidationException(Name, Stepped && value >= MinValue && value <= MaxValue && value == Math.Floor(value)
                ? $"{value} is not {MinValue} + a multiple of the step {Step}"
                : $"{value} is not an integer in [{MinValue}, {MaxValue}]");
        return value;
    }

    public override long? Cardinality => Stepped ? StepCount + 1 : MaxValue - MinValue + 1;

    public override void Validate(string field)
    {
        if (EffectiveScaling == ScalingType.ReverseLogarithmic)
            throw new CaviarValidationException($"{field}.scalingType",
                "ReverseLogarithmic scaling applies only to continuous ranges inside [0, 1)");
        NumericRangeRules.Validate(field, Name, MinValue, MaxValue, ScalingType);
        if (Step is { } step)
        {
            if (step < 1) throw new CaviarValidationException($"{field}.step", $"must be an integer ≥ 1, not {step}");
            if (step > 1) RangeSteps.Count(field, MinValue, MaxValue, step, EffectiveScaling);
        }
    }
}
