using System.Globalization;
using System.Text.RegularExpressions;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Metrics;

/// <summary>
/// Reads metric values from log lines. A definition's group "value" (or its first unnamed group) is the number;
/// a group "step" gives the step, otherwise the n-th match of that metric is step n (1, 2, …).
/// Every match runs under a timeout (<see cref="MetricRegex.DefaultMatchTimeout"/>): a line on which a regex
/// backtracks too long is skipped for that metric, the first time with a note, and parsing goes on.
/// One parser serves all attempts of a job, so automatic steps keep counting after a retry.
/// Not thread-safe: feed it lines in order.
/// </summary>
internal sealed class MetricParser
{
    private readonly (MetricDefinition Definition, Regex Regex, int ValueGroup)[] _metrics;
    private readonly Dictionary<string, long> _matches = [];
    private readonly HashSet<string> _timedOut = new(StringComparer.Ordinal);

    /// <summary>A parser that finds no metric (for the logs of ranks other than 0).</summary>
    public static MetricParser None(TimeProvider clock) => new([], clock);

    public MetricParser(IEnumerable<MetricDefinition> definitions, TimeProvider clock, TimeSpan? matchTimeout = null)
    {
        Clock = clock;
        _metrics = definitions.Select((d, i) =>
        {
            var (regex, valueGroup) = MetricRegex.Compile(d.Regex, $"metricDefinitions[{i}].regex", matchTimeout);
            return (d, regex, valueGroup);
        }).ToArray();
    }

    private TimeProvider Clock { get; }

    /// <summary>
    /// Continues automatic steps after the values a job already has (<paramref name="recorded"/>, read from its
    /// metrics.jsonl by a runner or launcher started again): the next match of a metric is step count + 1, as if this
    /// parser had read every line before, instead of step 1 again.
    /// </summary>
    public MetricParser ContinuingAfter(IEnumerable<MetricObservation> recorded)
    {
        var names = _metrics.Select(m => m.Definition.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var observation in recorded)
            if (names.Contains(observation.Name))
                _matches[observation.Name] = _matches.GetValueOrDefault(observation.Name) + 1;
        return this;
    }

    /// <summary>
    /// Matches every definition's regex once against <paramref name="line"/> and records nothing (no step is counted, no
    /// note is written): the regex engine's code for these patterns is then compiled, so a job's first metric line costs
    /// the runner no compiling while the job trains (<see cref="Running.FirstLineWarmUp"/>).
    /// </summary>
    public void WarmUp(string line)
    {
        foreach (var (_, regex, valueGroup) in _metrics)
        {
            try { _ = regex.Match(line).Groups[valueGroup].Success; }
            catch (RegexMatchTimeoutException) { }
        }
    }

    /// <summary>
    /// The metric values in <paramref name="line"/>. <paramref name="onNote"/> receives a line for the job's log the
    /// first time a metric's regex times out.
    /// </summary>
    public IReadOnlyList<MetricObservation> Parse(string line, Action<string>? onNote = null)
    {
        var found = new List<MetricObservation>();
        foreach (var (definition, regex, valueGroup) in _metrics)
        {
            Match match;
            try
            {
                match = regex.Match(line);
            }
            catch (RegexMatchTimeoutException)
            {
                if (_timedOut.Add(definition.Name))
                    onNote?.Invoke($"[caviar] metric '{definition.Name}': its regex took longer than " +
                                   $"{regex.MatchTimeout.TotalSeconds:0.###} s on a line; such lines are skipped for this metric");
                continue;
            }
            if (!match.Success) continue;
            if (!double.TryParse(match.Groups[valueGroup].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                continue;
            long count = _matches[definition.Name] = _matches.GetValueOrDefault(definition.Name) + 1;
            long step = match.Groups["step"].Success &&
                        long.TryParse(match.Groups["step"].Value, CultureInfo.InvariantCulture, out long explicitStep)
                ? explicitStep
                : count;
            found.Add(new MetricObservation(definition.Name, step, value, Clock.GetUtcNow()));
        }
        return found;
    }
}
