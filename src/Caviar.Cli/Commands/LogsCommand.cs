using System.ComponentModel;
using Caviar.Jobs.Layout;
using Caviar.Validation;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar logs JOB</c>: prints a training job's log, every attempt in order (or one with --attempt).</summary>
public sealed class LogsCommand : Command<LogsCommand.Settings>
{
    public sealed class Settings : ArtifactSettings
    {
        [CommandArgument(0, "<JOB>")]
        [Description("A training job name; a tuning job's trials are named TUNING-0000, TUNING-0001, ….")]
        public string Job { get; init; } = "";

        [CommandOption("--attempt <N>")]
        [Description("Only this attempt (0 is the first).")]
        public int? Attempt { get; init; }

        [CommandOption("--rank <R>")]
        [Description("A job with several processes: the log of this rank (default 0).")]
        public int Rank { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var job = JobDirectory.For(settings.ResolveArtifacts(), settings.Job);
            if (!Directory.Exists(job.LogDirectory))
                throw new CaviarValidationException("JOB", $"no logs for job '{settings.Job}'");
            if (settings.Rank < 0) throw new CaviarValidationException("--rank", "must be 0 or more");
            var attempts = AttemptLogs.Of(job, settings.Rank)
                .Where(a => settings.Attempt is null || a.Number == settings.Attempt).ToList();
            if (attempts.Count == 0 && settings.Rank > 0)
                throw new CaviarValidationException("--rank", $"job '{settings.Job}' has no log of rank {settings.Rank}");
            if (attempts.Count == 0)
                throw new CaviarValidationException("--attempt", $"job '{settings.Job}' has no attempt {settings.Attempt}");
            foreach (var (file, number) in attempts)
            {
                Console.Out.WriteLine($"==> attempt {number} <==");
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                Console.Out.Write(reader.ReadToEnd());
            }
            return 0;
        });
}
