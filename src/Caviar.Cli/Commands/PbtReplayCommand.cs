using System.ComponentModel;
using System.Globalization;
using Caviar.Jobs.Pbt;
using Caviar.Jobs.Running;
using Caviar.Jobs.Tuning;
using Caviar.Pbt;
using Caviar.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar pbt-replay STUDY</c>: trains the best member of a PBT study again with its whole hyperparameter schedule
/// (<see cref="PbtReplay"/>), one job per round resuming from the one before, and prints the schedule and the last
/// job's metrics. The training job's relative paths resolve against --base-dir (default: the current folder).
/// </summary>
internal sealed class PbtReplayCommand : Command<PbtReplayCommand.Settings>
{
    public sealed class Settings : ArtifactSettings
    {
        [CommandArgument(0, "<STUDY>")]
        [Description("The PBT study whose best member is replayed.")]
        public string StudyName { get; init; } = "";

        [CommandOption("--base-dir <DIR>")]
        [Description("Where the training job's relative paths resolve: the tuning spec's folder (default: the current folder).")]
        public string? BaseDirectory { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            using var store = settings.OpenExistingStore();
            var study = StudyLookup.Load(store, settings.StudyName);
            var spec = TrialJobSummary.SpecOf(study.Record);
            if (spec?.Pbt is null || !StrategyNames.IsPbt(spec.Strategy))
                throw new CaviarValidationException("study", $"study '{study.Name}' was not tuned with strategy PBT");
            var lineage = store is IPbtLineageStore kept ? kept.GetPbtLineage(study.Record.Id) : [];
            var schedule = PbtReplay.ScheduleOf(lineage, study.Direction, study.Name);
            AnsiConsole.WriteLine($"Replaying member {schedule[^1].Member} of {study.Name} (score {schedule[^1].Score?.ToString("G6", CultureInfo.InvariantCulture)}):");
            foreach (var entry in schedule)
                AnsiConsole.WriteLine($"  round {entry.Round}: " + string.Join(" ", entry.HyperParameters.Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}")));
            string baseDirectory = Path.GetFullPath(settings.BaseDirectory ?? Directory.GetCurrentDirectory());
            var status = PbtReplay.RunAsync(spec, schedule, baseDirectory, settings.ResolveArtifacts(), null, cancellation)
                .GetAwaiter().GetResult();
            foreach (var (metric, value) in status.FinalMetrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                AnsiConsole.WriteLine($"  {metric}: {value.ToString("R", CultureInfo.InvariantCulture)}");
            AnsiConsole.WriteLine($"Job {status.JobName}: {status.State}" + (status.FailureReason is { } reason ? $": {reason}" : ""));
            return status.State == JobState.Completed ? 0 : 1;
        });
}
