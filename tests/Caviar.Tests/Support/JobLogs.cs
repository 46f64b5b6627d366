using Caviar.Jobs.Layout;

namespace Caviar.Tests.Support;

/// <summary>A job's log files, each under its path, for a failing assertion's message.</summary>
public static class JobLogs
{
    public static string All(JobDirectory job) =>
        Directory.Exists(job.LogDirectory)
            ? string.Join("\n", Directory.GetFiles(job.LogDirectory).Order().Select(f => $"== {f}\n{File.ReadAllText(f)}"))
            : "(no logs)";
}
