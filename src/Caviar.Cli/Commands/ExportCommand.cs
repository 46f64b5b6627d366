using System.ComponentModel;
using System.Text.Json;
using Caviar.Cli.Conventions;
using Caviar.Cli.Output;
using Caviar.Cli.Rendering;
using Caviar.Jobs.Tuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar export STUDY [--output FILE]</c>: every trial as CSV (default), JSON or a table.</summary>
internal sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : FormattedStudySettings
    {
        [CommandOption("-o|--output <FILE>")]
        [Description("File to write (default: standard output). Written whole or not at all.")]
        public string? Output { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var format = settings.ResolveFormat(OutputFormat.Csv);
            using var store = settings.OpenExistingStore();
            var study = StudyLookup.Load(store, settings.StudyName);
            var trials = study.Trials;
            void Write(TextWriter writer)
            {
                if (format == OutputFormat.Csv) TrialCsv.Write(trials, writer, ObjectiveNames.Of(study.Record));
                else if (format == OutputFormat.Json)
                {
                    bool jobs = TrialJobSummary.SpecOf(study.Record)?.TrainingJob is not null;
                    writer.WriteLine(JsonSerializer.Serialize(trials.Select(t => TrialJson.Of(t, study.Name, jobs)), CliJson.Options));
                }
                else TrialTables.Of(trials, ObjectiveNames.Of(study.Record)).Write(format, writer);
            }
            if (settings.Output is null)
            {
                Write(Console.Out);
                return 0;
            }
            string temporary = settings.Output + ".partial";
            using (var writer = new StreamWriter(temporary)) Write(writer);
            File.Move(temporary, settings.Output, overwrite: true);
            CliConsole.Messages.WriteLine($"Wrote {trials.Count} trials to {settings.Output}");
            return 0;
        });
}
