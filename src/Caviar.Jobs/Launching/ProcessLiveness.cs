namespace Caviar.Jobs.Launching;

/// <summary>Whether a process that ran a job's runner is still there.</summary>
internal static class ProcessLiveness
{
    /// <summary>
    /// True when <paramref name="processId"/> lives (not a zombie) and its command line mentions
    /// <paramref name="marker"/>, and — when <paramref name="startTime"/> is given — it started at that time
    /// (<see cref="StartTimeOf"/>), so a recycled process id is not mistaken for the runner.
    /// </summary>
    public static bool IsAlive(int? processId, string marker, long? startTime = null)
    {
        if (processId is not { } pid) return false;
        try
        {
            string commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            char state = stat[stat.LastIndexOf(')') + 2];
            return state != 'Z' && commandLine.Contains(marker, StringComparison.Ordinal) &&
                   (startTime is null || StartTimeIn(stat) == startTime);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>
    /// When the process started, in clock ticks after boot (field 22 of /proc/PID/stat), or null when it is gone: the
    /// process id and this name one process exactly, even one whose command line says nothing about its job.
    /// </summary>
    public static long? StartTimeOf(int processId)
    {
        try { return StartTimeIn(File.ReadAllText($"/proc/{processId}/stat")); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static long? StartTimeIn(string stat)
    {
        // Fields after the command name (which may hold spaces) start at field 3, the state.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && long.TryParse(fields[19], out long ticks) ? ticks : null;
    }
}
