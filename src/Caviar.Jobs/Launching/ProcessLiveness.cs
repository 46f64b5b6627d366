namespace Caviar.Jobs.Launching;

/// <summary>Whether a process that ran a job's runner is still there.</summary>
public static class ProcessLiveness
{
    /// <summary>
    /// True when <paramref name="processId"/> lives (not a zombie) and its command line mentions
    /// <paramref name="marker"/>, so a recycled process id is not mistaken for the runner.
    /// </summary>
    public static bool IsAlive(int? processId, string marker)
    {
        if (processId is not { } pid) return false;
        try
        {
            string commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            char state = stat[stat.LastIndexOf(')') + 2];
            return state != 'Z' && commandLine.Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
