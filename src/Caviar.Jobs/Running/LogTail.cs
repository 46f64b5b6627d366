using System.Text;

namespace Caviar.Jobs.Running;

/// <summary>
/// Reads the lines a job appends to its log, from a byte offset on: complete lines as they arrive, and at the end the
/// last line even without its newline. The runner's own lines (<c>[caviar] …</c>) are skipped. Not thread-safe.
/// </summary>
internal sealed class LogTail(string path, long offset)
{
    /// <summary>Prefix of the lines the runner writes into a job's log.</summary>
    public const string RunnerPrefix = "[caviar] ";

    /// <summary>Bytes of the log read so far.</summary>
    public long Offset { get; private set; } = offset;

    /// <summary>The lines completed since the last call; with <paramref name="toEnd"/>, also an unfinished last line.</summary>
    public IReadOnlyList<string> ReadNew(bool toEnd = false)
    {
        if (!File.Exists(path)) return [];
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            if (stream.Length <= Offset) return [];
            stream.Seek(Offset, SeekOrigin.Begin);
            bytes = new byte[stream.Length - Offset];
            stream.ReadExactly(bytes);
        }
        int end = toEnd ? bytes.Length : Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end <= 0) return [];
        Offset += end;
        return Encoding.UTF8.GetString(bytes, 0, end)
            .Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith(RunnerPrefix, StringComparison.Ordinal))
            .ToList();
    }
}
