using System.Text;

namespace Caviar.Jobs.Running;

/// <summary>
/// The last line a failed job printed, added to a failure reason that is only an exit code: most programs print why
/// they failed last (a Python traceback's exception, a shell's "No such file or directory").
/// </summary>
internal static class LastLogLine
{
    /// <summary>How much of the log's end is read, bytes.</summary>
    private const int TailBytes = 8192;

    /// <summary>Longest line quoted, characters; a longer one is cut and ends with "…".</summary>
    private const int MaxLength = 200;

    /// <summary><paramref name="reason"/>, then "; last log line: 'LINE'" when <paramref name="logFile"/> has a line of the job's.</summary>
    public static string Append(string reason, string logFile) =>
        Of(logFile) is { } line ? $"{reason}; last log line: '{line}'" : reason;

    /// <summary>The log's last non-blank line that the job printed (not Caviar's own "[caviar] …" or header lines), or null.</summary>
    public static string? Of(string logFile)
    {
        string tail;
        try
        {
            using var file = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.Seek(Math.Max(0, file.Length - TailBytes), SeekOrigin.Begin);
            using var reader = new StreamReader(file, Encoding.UTF8);
            tail = reader.ReadToEnd();
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        var line = tail.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0 && !l.StartsWith("[caviar]", StringComparison.Ordinal));
        if (line is null) return null;
        return line.Length <= MaxLength ? line : line[..(MaxLength - 1)] + "…";
    }
}
