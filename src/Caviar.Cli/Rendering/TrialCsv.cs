using Caviar.Cli.Output;
using Caviar.Trials;

namespace Caviar.Cli.Rendering;

/// <summary>
/// Trials as RFC 4180 CSV: number, state, value, started_at, finished_at, duration_seconds, one column per
/// parameter (param_NAME, in name order), one per user attribute (attr_NAME) and failure_reason. Numbers use the invariant culture and round-trip.
/// A study with several objectives has one value_NAME column per objective (its metric's name) instead of value;
/// trials with constraint values add constraint_0, constraint_1, … (≤ 0 is satisfied) and feasible.
/// </summary>
internal static class TrialCsv
{
    public static void Write(IReadOnlyList<TrialRecord> trials, TextWriter writer, IReadOnlyList<string>? objectives = null)
    {
        var names = trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        bool several = objectives is { Count: > 1 };
        int constraints = trials.Count == 0 ? 0 : trials.Max(t => t.Constraints.Count);
        var header = new List<string> { "number", "state" };
        header.AddRange(several ? objectives!.Select(o => "value_" + o) : ["value"]);
        header.AddRange(Enumerable.Range(0, constraints).Select(i => $"constraint_{i}"));
        if (constraints > 0) header.Add("feasible");
        header.AddRange(["started_at", "finished_at", "duration_seconds"]);
        header.AddRange(names.Select(n => "param_" + n));
        var attributes = trials.SelectMany(t => t.UserAttributes.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        header.AddRange(attributes.Select(n => "attr_" + n));
        header.Add("failure_reason");
        CsvRows.Write(writer, header);
        foreach (var trial in trials)
        {
            var values = trial.ExternalParams;
            var row = new List<object?> { trial.Number, trial.State.ToString() };
            if (several) row.AddRange(objectives!.Select((_, i) => trial.Values is { } v && i < v.Count ? v[i] : (object?)null));
            else row.Add(trial.Value);
            row.AddRange(Enumerable.Range(0, constraints).Select(i => i < trial.Constraints.Count ? trial.Constraints[i] : (object?)null));
            if (constraints > 0) row.Add(trial.Constraints.Count == 0 ? null : trial.IsFeasible);
            row.AddRange([trial.StartedAt, trial.FinishedAt, trial.Duration?.TotalSeconds]);
            row.AddRange(names.Select(n => values.TryGetValue(n, out var p) ? p : null));
            row.AddRange(attributes.Select(n => trial.UserAttributes.TryGetValue(n, out var a) ? a : null));
            row.Add(trial.FailureReason);
            CsvRows.Write(writer, row.Select(NumberText.CsvCell));
        }
    }
}
