using System.Diagnostics;

namespace Caviar.Jobs.Running;

/// <summary>
/// A job process whose runner was killed keeps running (SIGKILL spares the children). A new runner of the job ends it
/// before starting the next attempt, so the job never runs twice at once; the process is recognised by the job's name
/// in its environment (<c>CAVIAR_JOB_NAME</c>), so a recycled process id is never mistaken for it. A single-process
/// job without GPUs is adopted instead (<see cref="StillRunning"/>): the new runner waits for it to end.
/// </summary>
internal static class LeftoverJobProcess
{
    /// <summary>
    /// Kills the job's leftover processes (every rank, and their children), if <paramref name="previous"/> names any
    /// that still run.
    /// </summary>
    public static bool KillIfRunning(JobStatus? previous, string jobName)
    {
        var pids = previous?.JobProcessIds ?? (previous?.JobProcessId is { } one ? [one] : []);
        bool killed = false;
        foreach (int pid in pids.Distinct()) killed |= Kill(pid, jobName);
        return killed;
    }

    /// <summary>The job's processes <paramref name="previous"/> names that still run (none: an empty list).</summary>
    public static IReadOnlyList<int> StillRunning(JobStatus? previous, string jobName) =>
        (previous?.JobProcessIds ?? (previous?.JobProcessId is { } one ? [one] : []))
        .Distinct().Where(pid => pid != Environment.ProcessId && RunsJob(pid, jobName)).ToList();

    /// <summary>Whether any of <paramref name="pids"/> still runs the job.</summary>
    public static bool AnyRunning(IReadOnlyList<int> pids, string jobName) => pids.Any(pid => RunsJob(pid, jobName));

    private static bool Kill(int pid, string jobName)
    {
        if (pid == Environment.ProcessId || !RunsJob(pid, jobName)) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (ArgumentException) { return false; }            // it ended meanwhile
        catch (InvalidOperationException) { return false; }
    }

    private static bool RunsJob(int pid, string jobName)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            if (stat[stat.LastIndexOf(')') + 2] == 'Z') return false;
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0').Contains($"CAVIAR_JOB_NAME={jobName}");
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
