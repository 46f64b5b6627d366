using System.ComponentModel;
using Caviar.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar export STUDY [--output FILE]</c>: every trial as CSV.</summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("-o|--output <FILE>")]
        [Description("CSV file to write (default: standard output).")]
        public string? Output { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            using var store = settings.OpenStore();
            var study = StudyLookup.Load(store, settings.StudyName);
            var trials = study.Trials;
            if (settings.Output is null)
            {
                TrialCsv.Write(trials, Console.Out);
                return 0;
            }
            string temporary = settings.Output + ".partial";
            using (var writer = new StreamWriter(temporary)) TrialCsv.Write(trials, writer);
            File.Move(temporary, settings.Output, overwrite: true);
            AnsiConsole.MarkupLine($"Wrote {trials.Count} trials to {Markup.Escape(settings.Output)}");
            return 0;
        });
}
