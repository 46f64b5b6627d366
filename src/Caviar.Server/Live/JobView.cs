using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;

namespace Caviar.Server.Live;

/// <summary>
/// What the dashboard shows of one training job (a trial's or one of its own): its status, the tail of each attempt's
/// log, every metric's curve and the files it left (model, checkpoints, output) that can be downloaded.
/// </summary>
internal static class JobView
{
    /// <summary>How much of the end of each log is shown: 32 KiB (the rest is downloadable).</summary>
    public const int LogTailBytes = 32 * 1024;

    /// <summary>Null when the job has no status.json (never started here).</summary>
    public static object? Of(JobDirectory job)
    {
        if (JobStatus.Read(job.StatusFile) is not { } status) return null;
        var metrics = MetricLog.Read(job.MetricsFile).GroupBy(m => m.Name)
            .ToDictionary(g => g.Key, g => g.Select(m => new[] { m.Step, m.Value }).ToList());
        return new
        {
            status,
            logs = Logs(job).Select(path => new { name = Path.GetFileName(path), tail = Tail(path, LogTailBytes) }).ToList(),
            metrics,
            files = JobFiles.List(job).Select(f => new { path = f.Path, bytes = f.Bytes }).ToList(),
        };
    }

    /// <summary>The log files of every attempt (and rank), in attempt order.</summary>
    public static IEnumerable<string> Logs(JobDirectory job) => Directory.Exists(job.LogDirectory)
        ? Directory.GetFiles(job.LogDirectory, "attempt-*.log").OrderBy(AttemptOf).ThenBy(p => p, StringComparer.Ordinal)
        : [];

    private static int AttemptOf(string path)
    {
        string name = Path.GetFileName(path)["attempt-".Length..];
        int end = name.IndexOfAny(['.', '-']);
        return int.TryParse(end < 0 ? name : name[..end], out int n) ? n : int.MaxValue;
    }

    /// <summary>The last <paramref name="bytes"/> bytes of a file as text, from the first full line.</summary>
    public static string Tail(string path, int bytes)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long start = Math.Max(0, file.Length - bytes);
            file.Position = start;
            var buffer = new byte[file.Length - start];
            file.ReadExactly(buffer);
            string text = System.Text.Encoding.UTF8.GetString(buffer);
            int newline = text.IndexOf('\n');
            return start > 0 && newline >= 0 ? text[(newline + 1)..] : text;
        }
        catch (IOException) { return ""; }
    }
}
