using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Caviar.Jobs.Metrics;

/// <summary>
/// Reads the metrics a job reports itself (the Python package's <c>caviar.report(step=3, val_loss=0.21)</c>) from the
/// file named by CAVIAR_METRICS_FILE: one JSON object a line, <c>{"step": 3, "val_loss": 0.21, "val_accuracy": 0.93}</c>.
/// Every other numeric field is a metric value at that step; without "step", the n-th report of a metric is step n.
/// Only complete lines are read, so a line being written is taken on the next read. Lines that are not such an
/// object are skipped. Not thread-safe: one reader per job run, polled by the runner.
/// </summary>
internal sealed class ReportedMetrics(string path, TimeProvider clock, long? offset = null)
{
    private readonly Dictionary<string, long> _reports = new(StringComparer.Ordinal);
    // Without an offset, lines already in the file were read by an earlier run.
    private long _offset = offset ?? (File.Exists(path) ? new FileInfo(path).Length : 0);

    /// <summary>Bytes of the file read so far.</summary>
    public long Offset => _offset;

    /// <summary>The path the job writes to.</summary>
    public string Path { get; } = path;

    /// <summary>Whether the job has reported anything through the file in this run.</summary>
    public bool Used { get; private set; }

    /// <summary>The observations in lines completed since the last call.</summary>
    public IReadOnlyList<MetricObservation> ReadNew()
    {
        if (!File.Exists(Path)) return [];
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length <= _offset) return [];
        stream.Seek(_offset, SeekOrigin.Begin);
        var bytes = new byte[stream.Length - _offset];
        stream.ReadExactly(bytes);
        int end = Array.LastIndexOf(bytes, (byte)'\n');
        if (end < 0) return [];
        _offset += end + 1;
        var result = new List<MetricObservation>();
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            result.AddRange(Parse(line));
        if (result.Count > 0) Used = true;
        return result;
    }

    private IEnumerable<MetricObservation> Parse(string line)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(line).RootElement; }
        catch (JsonException) { return []; }
        if (root.ValueKind != JsonValueKind.Object) return [];
        long? step = root.TryGetProperty("step", out var given) && given.ValueKind == JsonValueKind.Number &&
                     given.TryGetInt64(out long explicitStep) ? explicitStep : null;
        var now = clock.GetUtcNow();
        var observations = new List<MetricObservation>();
        foreach (var field in root.EnumerateObject())
        {
            if (field.Name == "step" || field.Value.ValueKind != JsonValueKind.Number) continue;
            if (!double.TryParse(field.Value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ||
                !double.IsFinite(value)) continue;
            long count = _reports[field.Name] = _reports.GetValueOrDefault(field.Name) + 1;
            observations.Add(new MetricObservation(field.Name, step ?? count, value, now));
        }
        return observations;
    }
}
