using System.Globalization;
using System.Text;

namespace Caviar.Jobs.Running;

/// <summary>
/// How far the runner has read the current attempt's log (rank 0's) and the job's reported metrics, kept in
/// <c>logs/read-offsets</c> so that a runner started after a crash reads on from there: the lines it finds were
/// written while no runner watched, and their metrics are recorded once. Overwritten in place (a fixed size), so
/// saving needs no free space once the file exists.
/// </summary>
/// <param name="MetricsOffset">
/// The length of metrics.jsonl when the offsets were saved (null in a file written before it was kept). A runner that
/// died between recording a line's metrics and saving how far it read leaves those metrics past this length; the next
/// runner reads the same lines again and must not record them twice (<see cref="Metrics.UnconfirmedMetrics"/>).
/// </param>
internal sealed record ReadOffsets(int Attempt, long LogOffset, long ReportedOffset, long? MetricsOffset)
{
    private const int Bytes = 64;

    public static ReadOffsets? Read(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            var words = File.ReadAllText(path).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            long metrics = 0;
            return words.Length is 3 or 4 &&
                   int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out int attempt) &&
                   long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out long log) &&
                   long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out long reported) &&
                   (words.Length == 3 || long.TryParse(words[3], NumberStyles.None, CultureInfo.InvariantCulture, out metrics))
                ? new ReadOffsets(attempt, log, reported, words.Length == 4 ? metrics : null)
                : null;
        }
        catch (IOException) { return null; }
    }

    /// <summary>Saves the offsets; on a full disk a file that does not exist yet cannot be made (IOException).</summary>
    public void Save(string path)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(Text());
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes);
    }

    /// <summary>The file's text: the four numbers, padded to a fixed size.</summary>
    internal string Text() =>
        string.Create(CultureInfo.InvariantCulture, $"{Attempt} {LogOffset} {ReportedOffset} {MetricsOffset ?? 0}").PadRight(Bytes - 1) + "\n";

}
