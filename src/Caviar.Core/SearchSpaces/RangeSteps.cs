using System.Globalization;
using Caviar.Validation;

namespace Caviar.SearchSpaces;

/// <summary>
/// Quantised numeric ranges (<c>step</c>, as Optuna's): the values are min, min + step, …, max. The step must divide
/// max − min (Optuna would quietly lower max; Caviar refuses, naming the field) and needs linear scaling.
/// </summary>
internal static class RangeSteps
{
    /// <summary>How far a value may sit off the grid (in steps) and still count as on it: rounding of decimal steps.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>The number of steps from min to max; throws naming <c>FIELD.step</c> when the step does not fit.</summary>
    public static long Count(string field, double min, double max, double step, ScalingType scaling)
    {
        if (!double.IsFinite(step) || step <= 0)
            throw new CaviarValidationException($"{field}.step", $"must be a number > 0, not {Text(step)}");
        if (scaling is ScalingType.Logarithmic or ScalingType.ReverseLogarithmic)
            throw new CaviarValidationException($"{field}.step", $"a step needs linear scaling, not {scaling}");
        double steps = (max - min) / step;
        long whole = (long)Math.Round(steps);
        if (Math.Abs(steps - whole) > Tolerance * Math.Max(1, steps))
            throw new CaviarValidationException($"{field}.step",
                $"{Text(step)} does not divide the range [{Text(min)}, {Text(max)}]: max − min must be a whole number of steps");
        return whole;
    }

    /// <summary>The index of the grid point nearest to <paramref name="value"/>, or null when it is off the grid.</summary>
    public static long? IndexOf(double value, double min, double step, long count)
    {
        double steps = (value - min) / step;
        long whole = (long)Math.Round(steps);
        return whole >= 0 && whole <= count && Math.Abs(steps - whole) <= Tolerance * Math.Max(1, Math.Abs(steps)) ? whole : null;
    }

    /// <summary>Point <paramref name="index"/> of the grid; the last one is max itself.</summary>
    public static double ValueAt(long index, double min, double max, double step, long count) =>
        index >= count ? max : min + index * step;

    /// <summary>[0, 1] → a grid index: each point owns an equal slice, as each integer of an integer range does.</summary>
    public static long FromUnit(double unit, long count) =>
        Math.Clamp((long)Math.Floor(Math.Clamp(unit, 0, 1) * (count + 1)), 0, count);

    /// <summary>A grid index → the middle of its slice of [0, 1].</summary>
    public static double ToUnit(long index, long count) => (index + 0.5) / (count + 1);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
