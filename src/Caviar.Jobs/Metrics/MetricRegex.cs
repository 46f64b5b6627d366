using System.Text.RegularExpressions;
using Caviar.Validation;

namespace Caviar.Jobs.Metrics;

/// <summary>
/// A metric definition's regular expression: compiled with a match timeout, and the group that holds the number —
/// the group named <c>value</c>, else the first unnamed group. A regex with neither (say, only a <c>step</c> group)
/// has no value and is refused at load, so a step can never be stored as the metric.
/// </summary>
internal static class MetricRegex
{
    /// <summary>The longest one line may be matched against one metric's regex; a line that takes longer is skipped. 1 s.</summary>
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Compiles <paramref name="pattern"/> or throws naming <paramref name="field"/> (a bad pattern, no value group).</summary>
    public static (Regex Regex, int ValueGroup) Compile(string? pattern, string field, TimeSpan? matchTimeout = null)
    {
        if (string.IsNullOrEmpty(pattern))
            throw new CaviarValidationException(field, "must not be empty");
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, matchTimeout ?? DefaultMatchTimeout);
        }
        catch (ArgumentException error)
        {
            throw new CaviarValidationException(field, $"is not a valid regular expression: {error.Message}");
        }
        return (regex, ValueGroupOf(regex) ?? throw new CaviarValidationException(field,
            "needs a group for the number: (?<value>…) or an unnamed group; a 'step' group alone gives no value"));
    }

    private static int? ValueGroupOf(Regex regex)
    {
        int named = regex.GroupNumberFromName("value");
        if (named >= 0) return named;
        // Unnamed groups are numbered first (1, 2, …); a named group's name is not its number.
        return regex.GetGroupNumbers().Length > 1 && regex.GroupNameFromNumber(1) == "1" ? 1 : null;
    }
}
