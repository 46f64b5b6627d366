using Caviar.Cli.Output;
using Caviar.Trials;

namespace Caviar.Cli.Rendering;

/// <summary>
/// Trials as RFC 4180 CSV: number, state, value, started_at, finished_at, duration_seconds, one column per
/// parameter (param_NAME, in name order), one per user attribute (attr_NAME) and failure_reason. Numbers use the invariant culture and round-trip.
/// </summary>
internal static class TrialCsv
{
    public static void Write(IReadOnlyList<TrialRecord> trials, TextWriter writer)
    {
        var names = trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var header = new List<string> { "number", "state", "value", "started_at", "finished_at", "duration_seconds" };
        header.AddRange(names.Select(n => "param_" + n));
        var attributes = trials.SelectMany(t => t.UserAttributes.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        header.AddRange(attributes.Select(n => "attr_" + n));
        header.Add("failure_reason");
        CsvRows.Write(writer, header);
        foreach (var trial in trials)
        {
            var values = trial.ExternalParams;
            var row = new List<object?>
            {
                trial.Number, trial.State.ToString(), trial.Value, trial.StartedAt, trial.FinishedAt, trial.Duration?.TotalSeconds,
            };
            row.AddRange(names.Select(n => values.TryGetValue(n, out var p) ? p : null));
            row.AddRange(attributes.Select(n => trial.UserAttributes.TryGetValue(n, out var a) ? a : null));
            row.Add(trial.FailureReason);
            CsvRows.Write(writer, row.Select(NumberText.CsvCell));
        }
    }
}
