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

    /// <summary>
    /// The trials' rows; with several <paramref name="objectives"/> (their names), one column per objective
    /// ("value NAME") instead of "value", and "feasible" when a trial has constraint values.
    /// </summary>
    public static Tabular Of(IReadOnlyList<TrialRecord> trials, IReadOnlyList<string>? objectives = null)
    {
        var names = trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        bool several = objectives is { Count: > 1 };
        bool constrained = trials.Any(t => t.Constraints.Count > 0);
        var columns = new List<string> { "#", "state" };
        columns.AddRange(several ? objectives!.Select(o => "value " + o) : ["value"]);
        if (constrained) columns.Add("feasible");
        columns.AddRange(names);
        var attributes = trials.SelectMany(t => t.UserAttributes.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        columns.AddRange(attributes.Select(n => "attr " + n));
        columns.Add("seconds");
        var table = new Tabular(columns, rightAligned: columns.Where(c => c is not ("state" or "feasible")));
        foreach (var trial in trials)
        {
            var values = trial.ExternalParams;
            var cells = new List<object?> { trial.Number, trial.State.ToString() };
            if (several) cells.AddRange(objectives!.Select((_, i) => trial.Values is { } v && i < v.Count ? v[i] : (object?)null));
            else cells.Add(trial.Value);
            if (constrained) cells.Add(trial.Constraints.Count == 0 ? null : trial.IsFeasible ? "yes" : $"no (by {NumberText.Cell(trial.ConstraintViolation)})");
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
