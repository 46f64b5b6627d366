using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Caviar.Cli.Rendering;
using Caviar.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar best STUDY</c>: the best trial, as a table or as JSON.</summary>
public sealed class BestCommand : Command<BestCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("--json")]
        [Description("Print {number, value, params} as JSON instead of a table.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            using var store = settings.OpenStore();
            var study = StudyLookup.Load(store, settings.StudyName);
            var best = study.BestTrial ?? throw new CaviarValidationException("STUDY",
                $"study '{study.Name}' has no completed trial yet");
            if (settings.Json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    number = best.Number, value = best.Value, @params = best.ExternalParams,
                }));
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("parameter", "value");
            table.Title($"Best of {Markup.Escape(study.Name)}: trial {best.Number}, " +
                        $"value {best.Value!.Value.ToString("G6", CultureInfo.InvariantCulture)}");
            foreach (var (name, value) in best.ExternalParams.OrderBy(p => p.Key, StringComparer.Ordinal))
                table.AddRow(Markup.Escape(name), Markup.Escape(TrialTables.Format(value)));
            AnsiConsole.Write(table);
            return 0;
        });
}
