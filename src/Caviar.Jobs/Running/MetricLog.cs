using System.Text.Json;
using Caviar.Jobs.Metrics;
using Caviar.Specs;

namespace Caviar.Jobs.Running;

/// <summary>metrics.jsonl: one JSON object per metric value, appended as the job logs it.</summary>
public static class MetricLog
{
    public static void Append(string path, MetricObservation observation) =>
        File.AppendAllText(path, JsonSerializer.Serialize(observation, SpecJson.Options).ReplaceLineEndings("") + "\n");

    /// <summary>Every complete line of the file (a line being written is skipped).</summary>
    public static IReadOnlyList<MetricObservation> Read(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        string text = reader.ReadToEnd();
        int end = text.LastIndexOf('\n');
        return end < 0 ? [] : Parse(text[..end]);
    }

    /// <summary>
    /// The complete lines written after byte <paramref name="fromByte"/> (a line being written is left for the next
    /// read), and the byte where the next read starts, so a file that grows is read once, not again on every look.
    /// </summary>
    public static IReadOnlyList<MetricObservation> ReadNew(string path, long fromByte, out long nextByte)
    {
        nextByte = fromByte;
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length <= fromByte) return [];
        stream.Position = fromByte;
        var bytes = new byte[stream.Length - fromByte];
        stream.ReadExactly(bytes);
        int end = Array.LastIndexOf(bytes, (byte)'\n');
        if (end < 0) return [];
        nextByte = fromByte + end + 1;
        return Parse(System.Text.Encoding.UTF8.GetString(bytes, 0, end));
    }

    private static List<MetricObservation> Parse(string lines)
    {
        var result = new List<MetricObservation>();
        foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                if (JsonSerializer.Deserialize<MetricObservation>(line, SpecJson.Options) is { } observation)
                    result.Add(observation);
            }
            catch (JsonException) { }
        }
        return result;
    }

    public static Dictionary<string, double> LastValues(IEnumerable<MetricObservation> observations)
    {
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var observation in observations) last[observation.Name] = observation.Value;
        return last;
    }
}
