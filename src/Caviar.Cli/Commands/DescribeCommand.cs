using System.Text.Json;
using Caviar.Cli.Output;
using Caviar.Cli.Rendering;
using Caviar.Jobs.Tuning;
using Caviar.Trials;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar describe STUDY</c>: the study's summary and every trial (with --format csv: the trials only).</summary>
internal sealed class DescribeCommand : Command<FormattedStudySettings>
{
    public override int Execute(CommandContext context, FormattedStudySettings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var format = settings.ResolveFormat();
            using var store = settings.OpenExistingStore();
            var study = StudyLookup.Load(store, settings.StudyName);
            var trials = study.Trials;
            var counts = Enum.GetValues<TrialState>().ToDictionary(s => s.ToString(), s => trials.Count(t => t.State == s));
            var output = Console.Out;
            switch (format)
            {
                case OutputFormat.Json:
                    bool jobs = TrialJobSummary.SpecOf(study.Record)?.TrainingJob is not null;
                    output.WriteLine(JsonSerializer.Serialize(new
                    {
                        name = study.Name, direction = study.Direction, createdAt = study.Record.CreatedAt, counts,
                        bestTrial = study.BestTrial?.Number,
                        trials = trials.Select(t => TrialJson.Of(t, study.Name, jobs)),
                    }, CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    TrialCsv.Write(trials, output);
                    break;
                default:
                    output.WriteLine($"Study {study.Name}: {study.Direction}, created {study.Record.CreatedAt.UtcDateTime:u}");
                    output.WriteLine(string.Join("  ", counts.Select(c => $"{c.Key}: {c.Value}")));
                    TrialTables.Of(trials).Write(format, output, $"{trials.Count} trials");
                    foreach (var failed in trials.Where(t => t.FailureReason is not null))
                        output.WriteLine($"trial {failed.Number} {failed.State}: {failed.FailureReason}");
                    break;
            }
            return 0;
        });
}
