using System.Globalization;
using Caviar.Studies;
using Caviar.Trials;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar list</c>: one row per study.</summary>
public sealed class ListCommand : Command<StoreSettings>
{
    public override int Execute(CommandContext context, StoreSettings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            using var store = settings.OpenStore();
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("study", "direction", "trials", "completed", "failed", "best", "created (UTC)");
            foreach (var study in store.ListStudies())
            {
                var trials = store.GetTrials(study.Id);
                var best = Study.BestOf(trials, study.Direction);
                table.AddRow(Markup.Escape(study.Name), study.Direction.ToString(),
                    trials.Count.ToString(CultureInfo.InvariantCulture),
                    trials.Count(t => t.State == TrialState.Completed).ToString(CultureInfo.InvariantCulture),
                    trials.Count(t => t.State == TrialState.Failed).ToString(CultureInfo.InvariantCulture),
                    best?.Value?.ToString("G6", CultureInfo.InvariantCulture) ?? "-",
                    study.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            return 0;
        });
}
