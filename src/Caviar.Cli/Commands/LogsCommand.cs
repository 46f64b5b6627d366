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
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var job = JobDirectory.For(settings.ResolveArtifacts(), settings.Job);
            if (!Directory.Exists(job.LogDirectory))
                throw new CaviarValidationException("JOB", $"no logs for job '{settings.Job}'");
            var attempts = Directory.GetFiles(job.LogDirectory, "attempt-*.log")
                .Select(f => (File: f, Number: int.Parse(Path.GetFileNameWithoutExtension(f)["attempt-".Length..])))
                .Where(a => settings.Attempt is null || a.Number == settings.Attempt)
                .OrderBy(a => a.Number).ToList();
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
