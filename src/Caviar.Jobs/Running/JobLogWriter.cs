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
            foreach (var observation in parser.Parse(line, _log.WriteLine))
            {
                MetricLog.Append(metricsFile, observation);
                onMetric?.Invoke(observation);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate) _log.Dispose();
    }
}
