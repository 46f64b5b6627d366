using System.Runtime.InteropServices;

namespace Caviar.Jobs.Launching;

/// <summary>The runner's side of <see cref="StandbyRunner"/>: waiting for a job and taking over the job's runner log.</summary>
internal static partial class StandbyHandOver
{
    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int from, int to);

    /// <summary>
    /// Waits until the launcher hands over a job directory (one line on standard input, which it then closes) and
    /// returns it; null when the input closed without a complete line (the launcher went away: nothing to run).
    /// Throws <see cref="Validation.CaviarValidationException"/> for a directory not directly under
    /// <paramref name="jobsDirectory"/>.
    /// </summary>
    public static string? WaitForJob(string jobsDirectory)
    {
        string text;
        using (var input = new StreamReader(Console.OpenStandardInput()))
            text = input.ReadToEnd();
        if (!text.EndsWith('\n') || text.IndexOf('\n') != text.Length - 1) return null;
        string directory = Path.GetFullPath(text[..^1]);
        if (Path.GetDirectoryName(directory) != Path.GetFullPath(jobsDirectory))
            throw new Validation.CaviarValidationException("JOB_DIR", $"'{directory}' is not a job directory under '{jobsDirectory}'");
        return directory;
    }

    /// <summary>
    /// Points standard output and error at <paramref name="logFile"/> (appended) and standard input at /dev/null, as the
    /// shell does for a runner started for its job; call before anything is written to the console.
    /// </summary>
    public static void TakeOverOutput(string logFile)
    {
        using (var log = File.OpenHandle(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            int fd = (int)log.DangerousGetHandle();
            Redirect(fd, 1);
            Redirect(fd, 2);
        }
        using var nothing = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Redirect((int)nothing.DangerousGetHandle(), 0);
    }

    private static void Redirect(int from, int to)
    {
        if (Dup2(from, to) < 0) throw new IOException($"dup2({from}, {to}) failed with errno {Marshal.GetLastPInvokeError()}");
    }
}
