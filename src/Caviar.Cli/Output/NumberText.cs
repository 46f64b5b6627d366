using System.Globalization;

namespace Caviar.Cli.Output;

/// <summary>How numbers read in tables: ten significant digits, no exponent between 0.0001 and 10^15.</summary>
internal static class NumberText
{
    /// <summary>Significant digits shown in tables (machine formats round-trip instead).</summary>
    public const int SignificantDigits = 10;

    public static string Human(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return value.ToString(CultureInfo.InvariantCulture);
        if (value == 0) return "0";
        double magnitude = Math.Abs(value);
        if (magnitude is < 1e-4 or >= 1e15)
            return value.ToString("0.#########e+0", CultureInfo.InvariantCulture);
        int decimals = Math.Clamp(SignificantDigits - 1 - (int)Math.Floor(Math.Log10(magnitude)), 0, 15);
        return Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture)
            .TrimEnd('.');
    }

    /// <summary>The shortest text that parses back to the same double (CSV, logs).</summary>
    public static string RoundTrip(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A cell's text in a table: numbers through <see cref="Human"/>, null as '-'.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "-",
        double d => Human(d),
        float f => Human(f),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A cell's text in CSV: numbers round-trip, null empty.</summary>
    public static string CsvCell(object? value) => value switch
    {
        null => "",
        double d => RoundTrip(d),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
