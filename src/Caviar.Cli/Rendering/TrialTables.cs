using System.Globalization;
using Caviar.Studies;
using Caviar.Trials;
using Spectre.Console;

namespace Caviar.Cli.Rendering;

/// <summary>Tables of trials for the terminal.</summary>
public static class TrialTables
{
    /// <summary>The <paramref name="count"/> best completed trials, best first.</summary>
    public static Table Top(IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction, int count)
    {
        var best = trials.Where(t => t.State == TrialState.Completed)
            .OrderBy(t => direction.ToLoss(t.Value!.Value)).ThenBy(t => t.Number).Take(count).ToList();
        return Of(best, $"Top {best.Count} of {trials.Count} trials");
    }

    public static Table Of(IReadOnlyList<TrialRecord> trials, string title)
    {
        var names = trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new Table().Title(Markup.Escape(title)).Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("state");
        table.AddColumn(new TableColumn("value").RightAligned());
        foreach (var name in names) table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        table.AddColumn(new TableColumn("seconds").RightAligned());
        foreach (var trial in trials)
        {
            var cells = new List<string>
            {
                trial.Number.ToString(CultureInfo.InvariantCulture), StateMarkup(trial.State),
                trial.Value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "-",
            };
            var values = trial.ExternalParams;
            cells.AddRange(names.Select(n => values.TryGetValue(n, out var p) ? Markup.Escape(Format(p)) : "-"));
            cells.Add(trial.Duration is { } d ? d.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture) : "-");
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    public static string FormatParams(TrialRecord trial) =>
        string.Join(", ", trial.ExternalParams.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={Format(p.Value)}"));

    public static string Format(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string StateMarkup(TrialState state) => state switch
    {
        TrialState.Completed => "[green]Completed[/]",
        TrialState.Failed => "[red]Failed[/]",
        TrialState.Pruned => "[yellow]Pruned[/]",
        TrialState.Stopped => "[grey]Stopped[/]",
        _ => "[blue]Running[/]",
    };
}
