using System.Globalization;

namespace Caviar.Plots;

/// <summary>
/// Tick positions and labels as the dashboard draws them: steps of 1, 2 or 5 × 10ⁿ with as many decimals as the step
/// needs (neighbours never read the same), whole numbers only where asked (trial numbers, steps, integer parameters),
/// and powers of ten on a log axis (positions are log10 of the values there).
/// </summary>
internal static class PlotTicks
{
    /// <summary>Values spanning two orders of magnitude or more (all positive) are drawn on a log axis.</summary>
    public static bool WantsLog(IReadOnlyCollection<double> values) =>
        values.Count > 1 && values.All(v => v > 0) && values.Max() / values.Min() >= 100;

    public static (double[] Positions, string[] Labels) Linear(double min, double max, int count = 6, bool integer = false)
    {
        if (!(max > min)) { min -= 1; max += 1; }
        double raw = (max - min) / count, power = Math.Pow(10, Math.Floor(Math.Log10(raw))), f = raw / power;
        double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power;
        if (integer) step = Math.Max(1, Math.Round(step));
        var positions = new List<double>();
        for (double v = Math.Ceiling(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) positions.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        int decimals = integer ? 0 : Math.Clamp(-(int)Math.Floor(Math.Log10(step) + 1e-9), 0, 10);
        return (positions.ToArray(), positions.Select(v => v.ToString("F" + decimals, CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Ticks of a log axis whose positions are log10 of values in [min, max] (both positive).</summary>
    public static (double[] Positions, string[] Labels) Log(double min, double max)
    {
        int first = (int)Math.Ceiling(Math.Log10(min) - 1e-9), last = (int)Math.Floor(Math.Log10(max) + 1e-9);
        var values = new List<double>();
        for (int e = first; e <= last; e++) values.Add(Math.Pow(10, e));
        if (values.Count < 3)
            for (int e = first - 1; e <= last; e++)
                foreach (int m in new[] { 2, 5 })
                    if (m * Math.Pow(10, e) is var v && v >= min && v <= max) values.Add(v);
        values.Sort();
        if (values.Count < 2)
        {
            var (positions, labels) = Linear(min, max);
            return (positions.Where(p => p > 0).Select(Math.Log10).ToArray(), labels.Where((_, i) => positions[i] > 0).ToArray());
        }
        return (values.Select(Math.Log10).ToArray(), values.Select(Label).ToArray());
    }

    /// <summary>A value as a short label: 0.001, 10, 1e-05 → "1e-5".</summary>
    public static string Label(double value) =>
        Math.Abs(value) is >= 1e-4 and < 1e6 or 0
            ? value.ToString("G6", CultureInfo.InvariantCulture)
            : value.ToString("0.#####e0", CultureInfo.InvariantCulture);
}
