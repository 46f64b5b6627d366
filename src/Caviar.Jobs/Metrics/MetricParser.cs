using System.Globalization;
using System.Text.RegularExpressions;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Metrics;

/// <summary>
/// Reads metric values from log lines. A definition's group "value" (or its first group) is the number;
/// a group "step" gives the step, otherwise the n-th match of that metric is step n (1, 2, …).
/// One parser serves all attempts of a job, so automatic steps keep counting after a retry.
/// Not thread-safe: feed it lines in order.
/// </summary>
public sealed class MetricParser(IEnumerable<MetricDefinition> definitions, TimeProvider clock)
{
    private readonly (MetricDefinition Definition, Regex Regex)[] _metrics = definitions
        .Select(d => (d, new Regex(d.Regex, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))
        .ToArray();
    private readonly Dictionary<string, long> _matches = [];

    /// <summary>A parser that finds no metric (for the logs of ranks other than 0).</summary>
    public static MetricParser None(TimeProvider clock) => new([], clock);

    public IEnumerable<MetricObservation> Parse(string line)
    {
        foreach (var (definition, regex) in _metrics)
        {
            var match = regex.Match(line);
            if (!match.Success) continue;
            var valueGroup = match.Groups["value"].Success ? match.Groups["value"] : match.Groups[1];
            if (!double.TryParse(valueGroup.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                continue;
            long count = _matches[definition.Name] = _matches.GetValueOrDefault(definition.Name) + 1;
            long step = match.Groups["step"].Success &&
                        long.TryParse(match.Groups["step"].Value, CultureInfo.InvariantCulture, out long explicitStep)
                ? explicitStep
                : count;
            yield return new MetricObservation(definition.Name, step, value, clock.GetUtcNow());
        }
    }
}
