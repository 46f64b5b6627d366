using Caviar.Cli.Conventions;
using Caviar.Cli.Output;
using Caviar.Jobs.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar jobs</c>: the training jobs in the artifacts folder, oldest first, with their state.</summary>
internal sealed class JobsCommand : Command<FormattedArtifactSettings>
{
    public override int Execute(CommandContext context, FormattedArtifactSettings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var format = settings.ResolveFormat();
            string jobsFolder = Path.Combine(settings.ResolveArtifacts(), "jobs");
            var statuses = Directory.Exists(jobsFolder)
                ? Directory.GetDirectories(jobsFolder)
                    .Select(dir => JobStatus.Read(Path.Combine(dir, "status.json")) is { } status
                        ? status with { JobName = Path.GetFileName(dir) } : null)
                    .OfType<JobStatus>().OrderBy(s => s.StartedAt).ThenBy(s => s.JobName, StringComparer.Ordinal).ToList()
                : [];
            if (statuses.Count == 0 && format == OutputFormat.Table)
            {
                // As kubectl's "No resources found": a bare header would look like a listing that failed.
                CliConsole.Messages.WriteLine($"No training jobs in {jobsFolder} (--artifacts names another folder).");
                return 0;
            }
            var table = new Tabular(["job", "state", "attempts", "started", "seconds", "failure"],
                rightAligned: ["attempts", "seconds"]);
            foreach (var status in statuses)
                table.Add(status.JobName, status.State.ToString(), status.Attempts, status.StartedAt,
                    status.FinishedAt is { } end ? Math.Round((end - status.StartedAt).TotalSeconds, 3) : null,
                    status.FailureReason);
            table.Write(format, Console.Out);
            return 0;
        });
}
