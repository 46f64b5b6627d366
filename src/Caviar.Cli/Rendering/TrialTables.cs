using Caviar.Cli.Output;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Cli.Rendering;

/// <summary>Trials as rows: number, state, value, one column per parameter, one per user attribute ("attr NAME"), seconds.</summary>
internal static class TrialTables
{
    /// <summary>The <paramref name="count"/> best completed trials, best first.</summary>
    public static Tabular Top(IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction, int count) =>
        Of(trials.Where(t => t.State == TrialState.Completed)
            .OrderBy(t => direction.ToLoss(t.Value!.Value)).ThenBy(t => t.Number).Take(count).ToList());

    public static Tabular Of(IReadOnlyList<TrialRecord> trials)
    {
        var names = trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = new List<string> { "#", "state", "value" };
        columns.AddRange(names);
        var attributes = trials.SelectMany(t => t.UserAttributes.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        columns.AddRange(attributes.Select(n => "attr " + n));
        columns.Add("seconds");
        var table = new Tabular(columns, rightAligned: columns.Where(c => c != "state"));
        foreach (var trial in trials)
        {
            var values = trial.ExternalParams;
            var cells = new List<object?> { trial.Number, trial.State.ToString(), trial.Value };
            cells.AddRange(names.Select(n => values.TryGetValue(n, out var p) ? p : null));
            cells.AddRange(attributes.Select(n => trial.UserAttributes.TryGetValue(n, out var a) ? a : null));
            cells.Add(trial.Duration is { } d ? Math.Round(d.TotalSeconds, 3) : null);
            table.Add(cells.ToArray());
        }
        return table;
    }

    public static string FormatParams(TrialRecord trial) =>
        string.Join(", ", trial.ExternalParams.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={NumberText.Cell(p.Value)}"));
}
