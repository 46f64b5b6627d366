using Caviar.Jobs.Metrics;

namespace Caviar.Jobs.Running;

/// <summary>Writes a job's output lines to its log as they arrive and records the metrics found in them.</summary>
internal sealed class JobLogWriter(string logFile, string metricsFile, MetricParser parser,
    Action<MetricObservation>? onMetric) : IDisposable
{
    private readonly object _gate = new();
    private readonly StreamWriter _log = new(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
    {
        AutoFlush = true,
    };

    public void Line(string line)
    {
        lock (_gate)
        {
            _log.WriteLine(line);
            foreach (var observation in parser.Parse(line)) Record(observation);
        }
    }

    /// <summary>Records metrics the job reported itself (CAVIAR_METRICS_FILE), in order with those of its log.</summary>
    public void Reported(IReadOnlyList<MetricObservation> observations)
    {
        lock (_gate)
            foreach (var observation in observations) Record(observation);
    }

    private void Record(MetricObservation observation)
    {
        MetricLog.Append(metricsFile, observation);
        onMetric?.Invoke(observation);
    }

    public void Dispose()
    {
        lock (_gate) _log.Dispose();
    }
}
