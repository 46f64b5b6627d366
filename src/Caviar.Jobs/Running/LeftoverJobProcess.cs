using System.Diagnostics;

namespace Caviar.Jobs.Running;

/// <summary>
/// A job process whose runner was killed keeps running (SIGKILL spares the children). A new runner of the job ends it
/// before starting the next attempt, so the job never runs twice at once; the process is recognised by the job's name
/// in its environment (<c>CAVIAR_JOB_NAME</c>), so a recycled process id is never mistaken for it.
/// </summary>
internal static class LeftoverJobProcess
{
    /// <summary>Kills the job's leftover process (and its children), if <paramref name="previous"/> names one that still runs.</summary>
    public static bool KillIfRunning(JobStatus? previous, string jobName)
    {
        if (previous?.JobProcessId is not { } pid || pid == Environment.ProcessId) return false;
        if (!RunsJob(pid, jobName)) return false;
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
