using System.Globalization;
using Caviar.Trials;

namespace Caviar.Cli.Rendering;

/// <summary>
/// Trials as RFC 4180 CSV: number, state, value, started_at, finished_at, duration_seconds, one column per
/// parameter (param_NAME, in name order) and failure_reason. Numbers use the invariant culture and round-trip.
/// </summary>
public static class TrialCsv
{
    public static void Write(IReadOnlyList<TrialRecord> trials, TextWriter writer)
    {
        var names = trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var header = new List<string> { "number", "state", "value", "started_at", "finished_at", "duration_seconds" };
        header.AddRange(names.Select(n => "param_" + n));
        header.Add("failure_reason");
        WriteRow(writer, header);
        foreach (var trial in trials)
        {
            var values = trial.ExternalParams;
            var row = new List<string>
            {
                trial.Number.ToString(CultureInfo.InvariantCulture), trial.State.ToString(),
                trial.Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "",
                trial.StartedAt.ToString("O", CultureInfo.InvariantCulture),
                trial.FinishedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
                trial.Duration?.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) ?? "",
            };
            row.AddRange(names.Select(n => values.TryGetValue(n, out var p) ? FormatValue(p) : ""));
            row.Add(trial.FailureReason ?? "");
            WriteRow(writer, row);
        }
    }

    private static string FormatValue(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static void WriteRow(TextWriter writer, IEnumerable<string> cells) =>
        writer.Write(string.Join(",", cells.Select(Quote)) + "\r\n");

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
