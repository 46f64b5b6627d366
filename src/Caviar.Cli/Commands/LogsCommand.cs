using System.ComponentModel;
using System.Text.Json;
using Caviar.Cli.Output;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Validation;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar logs JOB</c>: prints a training job's log, every attempt in order (or one with --attempt);
/// with --follow, keeps printing what the job writes until it ends.
/// </summary>
internal sealed class LogsCommand : Command<LogsCommand.Settings>
{
    /// <summary>How often --follow looks for new output.</summary>
    public static readonly TimeSpan FollowPollInterval = TimeSpan.FromMilliseconds(200);

    public sealed class Settings : FormattedArtifactSettings
    {
        [CommandArgument(0, "<JOB>")]
        [Description("A training job name; a tuning job's trials are named TUNING-0000, TUNING-0001, ….")]
        public string Job { get; init; } = "";

        [CommandOption("--attempt <N>")]
        [Description("Only this attempt (0 is the first).")]
        public int? Attempt { get; init; }

        [CommandOption("-f|--follow")]
        [Description("Keep printing new output (and new attempts) until the job is no longer running.")]
        public bool Follow { get; init; }

        [CommandOption("--rank <R>")]
        [Description("A job with several processes: the log of this rank (default 0).")]
        public int Rank { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var format = settings.ResolveFormat();
            if (settings.Follow && format != OutputFormat.Table)
                throw new CaviarValidationException("--follow", "prints the log as text; leave out --json/--format");
            var job = JobDirectory.For(settings.ResolveArtifacts(), settings.Job);
            if (!Directory.Exists(job.LogDirectory))
                throw new CaviarValidationException("JOB", $"no logs for job '{settings.Job}'");
            if (settings.Rank < 0) throw new CaviarValidationException("--rank", "must be 0 or more");
            var attempts = Attempts(job, settings.Attempt, settings.Rank);
            if (attempts.Count == 0 && settings.Rank > 0 && !settings.Follow)
                throw new CaviarValidationException("--rank", $"job '{settings.Job}' has no log of rank {settings.Rank}");
            if (attempts.Count == 0 && !settings.Follow)
                throw new CaviarValidationException("--attempt", $"job '{settings.Job}' has no attempt {settings.Attempt}");
            if (format == OutputFormat.Json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(
                    attempts.Select(a => new { attempt = a.Number, log = ReadFrom(a.File, 0).Text }), CliJson.Options));
                return 0;
            }
            if (format == OutputFormat.Csv)
            {
                CsvRows.Write(Console.Out, ["attempt", "line"]);
                foreach (var (file, number) in attempts)
                foreach (var line in ReadFrom(file, 0).Text.Split('\n').SkipLast(1))
                    CsvRows.Write(Console.Out, [number.ToString(System.Globalization.CultureInfo.InvariantCulture), line.TrimEnd('\r')]);
                return 0;
            }
            var printed = new Dictionary<int, long>();
            while (true)
            {
                // Read the status before the logs: output written before the job ended is then surely printed.
                bool running = JobStatus.Read(job.StatusFile) is { State: JobState.Running };
                foreach (var (file, number) in Attempts(job, settings.Attempt, settings.Rank))
                {
                    if (!printed.TryGetValue(number, out long offset)) Console.Out.WriteLine($"==> attempt {number} <==");
                    var (text, end) = ReadFrom(file, offset, completeLinesOnly: settings.Follow && running);
                    Console.Out.Write(text);
                    printed[number] = end;
                }
                Console.Out.Flush();
                if (!settings.Follow || !running || cancellation.IsCancellationRequested) return 0;
                Thread.Sleep(FollowPollInterval);
            }
        });

    /// <summary>The logs of one rank (attempt-N.log, or attempt-N.rank-R.log of a job with several processes).</summary>
    private static List<(string File, int Number)> Attempts(JobDirectory job, int? only, int rank) =>
        AttemptLogs.Of(job, rank).Where(a => only is null || a.Number == only).ToList();

    /// <summary>The text after <paramref name="offset"/> (up to the last complete line, if asked), and where it ends.</summary>
    private static (string Text, long End) ReadFrom(string file, long offset, bool completeLinesOnly = false)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[stream.Length - offset];
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        int complete = read == 0 ? 0 : completeLinesOnly ? Array.LastIndexOf(buffer, (byte)'\n', read - 1, read) + 1 : read;
        return (System.Text.Encoding.UTF8.GetString(buffer, 0, complete), offset + complete);
    }
}
