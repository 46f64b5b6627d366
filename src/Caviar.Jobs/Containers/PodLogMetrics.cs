using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Containers;

/// <summary>
/// The metrics of a job from an image that runs as a pod with no runner beside it (<see cref="ImagePod"/>): the
/// launcher hands over each attempt's (pod's) whole log as read from the cluster; this keeps it as the attempt's log
/// file and appends the values the job's metricDefinitions find in lines not read before to metrics.jsonl, as the
/// local runner does. One parser serves all attempts, so automatic steps keep counting after a retry. How many lines
/// of each attempt were read is kept in the job directory (<c>logs/pod-log-lines.json</c>, replaced whole by a rename),
/// so a launcher started again does not append the same values twice; with it, metrics.jsonl's length at that save,
/// so values a launcher appended just before it died (lines it had not yet marked as read) are not appended again
/// when the next one reads those lines.
/// </summary>
internal sealed class PodLogMetrics
{
    private readonly JobDirectory _job;
    private readonly MetricParser _parser;
    private readonly Dictionary<int, int> _linesRead;
    private readonly UnconfirmedMetrics _appended;
    private readonly HashSet<int> _ended = [];

    public PodLogMetrics(JobDirectory job, IReadOnlyList<MetricDefinition> definitions, TimeProvider clock)
    {
        _job = job;
        var progress = ReadProgress(LinesReadFile);
        _linesRead = progress.LinesRead;
        _appended = UnconfirmedMetrics.Read(job.MetricsFile, progress.MetricsLength);
        _parser = new MetricParser(definitions, clock).ContinuingAfter(_appended.Confirmed);
    }

    /// <summary>What a launcher saved: lines read per attempt, and metrics.jsonl's length then (null in the first format, a bare map).</summary>
    private sealed record Progress(Dictionary<int, int> LinesRead, long? MetricsLength);

    private static Progress ReadProgress(string path)
    {
        if (!File.Exists(path)) return new([], 0);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.TryGetProperty("linesRead", out var lines)
            ? new(lines.Deserialize<Dictionary<int, int>>() ?? [], document.RootElement.GetProperty("metricsLength").GetInt64())
            : new(document.RootElement.Deserialize<Dictionary<int, int>>() ?? [], null);
    }

    private string LinesReadFile => Path.Combine(_job.LogDirectory, "pod-log-lines.json");

    /// <summary>When the launcher last read the pods' logs for this job (it reads them at most so often).</summary>
    public DateTimeOffset LastRead { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Whether attempt <paramref name="attempt"/>'s log was read after its pod ended (nothing more can come).</summary>
    public bool Ended(int attempt) => _ended.Contains(attempt);

    /// <summary>
    /// Takes attempt <paramref name="attempt"/>'s (1, 2, …) log so far; the last line counts only once the pod has
    /// <paramref name="ended"/> (before, it may be a line being written). Returns the values found in new lines.
    /// </summary>
    public IReadOnlyList<MetricObservation> Read(int attempt, string log, bool ended)
    {
        Directory.CreateDirectory(_job.LogDirectory);
        File.WriteAllText(_job.LogFile(attempt), log);
        if (ended) _ended.Add(attempt);
        var lines = log.Split('\n');
        int complete = ended ? lines.Length : lines.Length - 1;
        int from = _linesRead.GetValueOrDefault(attempt);
        var found = new List<MetricObservation>();
        for (int i = from; i < complete; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            foreach (var observation in _parser.Parse(line))
            {
                if (!_appended.TryTake(observation)) MetricLog.Append(_job.MetricsFile, observation);
                found.Add(observation);
            }
        }
        if (complete > from)
        {
            _linesRead[attempt] = complete;
            SaveProgress();
        }
        return found;
    }

    private void SaveProgress()
    {
        string text = JsonSerializer.Serialize(new { linesRead = _linesRead, metricsLength = UnconfirmedMetrics.LengthOf(_job.MetricsFile) });
        string temporary = LinesReadFile + ".partial";
        File.WriteAllText(temporary, text);
        File.Move(temporary, LinesReadFile, overwrite: true);
    }
}
