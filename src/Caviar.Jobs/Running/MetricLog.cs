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
        var result = new List<MetricObservation>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        string text = reader.ReadToEnd();
        int end = text.LastIndexOf('\n');
        if (end < 0) return result;
        foreach (var line in text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries))
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
