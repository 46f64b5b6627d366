using System.Buffers;
using System.Text;
using System.Text.Json;
using Caviar.Jobs.Metrics;
using Caviar.Specs;

namespace Caviar.Jobs.Running;

/// <summary>metrics.jsonl: one JSON object per metric value, appended as the job logs it.</summary>
public static class MetricLog
{
    public static void Append(string path, MetricObservation observation) => File.AppendAllText(path, Line(observation));

    /// <summary>
    /// One line of the file: <c>{"name":…,"step":…,"value":…,"at":…}</c> and a newline, the fields
    /// <see cref="Read"/> takes back. Written with <see cref="Utf8JsonWriter"/>, which is compiled ahead of time with the
    /// runtime, not with the reflection-based serializer: its first use builds converters and emits accessors, about
    /// fifty methods to compile — for a training job's runner, right after the first metric line, while the ranks
    /// train (bench/README.md, issue 12).
    /// </summary>
    internal static string Line(MetricObservation observation)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", observation.Name);
            json.WriteNumber("step", observation.Step);
            json.WriteNumber("value", observation.Value);
            json.WriteString("at", observation.At);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

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
        return Parse(Encoding.UTF8.GetString(bytes, 0, end));
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
