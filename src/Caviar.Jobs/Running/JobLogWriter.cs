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

    /// <summary>
    /// Set when the job's log or metrics could not be written for lack of space (from then on lines are dropped: the
    /// runner stops the attempt), or when the job itself said so in its output.
    /// </summary>
    public bool DiskFull { get; private set; }

    public void Line(string line)
    {
        lock (_gate)
        {
            if (line.Contains(DiskSpace.NoSpaceReason, StringComparison.OrdinalIgnoreCase)) DiskFull = true;
            if (_writesFailed) return;
            try
            {
                _log.WriteLine(line);
                foreach (var observation in parser.Parse(line, _log.WriteLine)) Record(observation);
            }
            catch (IOException error) when (DiskSpace.IsFull(error))
            {
                _writesFailed = DiskFull = true;
            }
        }
    }

    /// <summary>Whether this writer could not write (the attempt must stop: what it logs is lost).</summary>
    public bool WritesFailed
    {
        get { lock (_gate) return _writesFailed; }
    }

    private bool _writesFailed;

    /// <summary>Records metrics the job reported itself (CAVIAR_METRICS_FILE), in order with those of its log.</summary>
    public void Reported(IReadOnlyList<MetricObservation> observations)
    {
        lock (_gate)
        {
            if (_writesFailed) return;
            try { foreach (var observation in observations) Record(observation); }
            catch (IOException error) when (DiskSpace.IsFull(error)) { _writesFailed = DiskFull = true; }
        }
    }

    private void Record(MetricObservation observation)
    {
        MetricLog.Append(metricsFile, observation);
        onMetric?.Invoke(observation);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            try { _log.Dispose(); }
            catch (IOException error) when (DiskSpace.IsFull(error)) { _writesFailed = DiskFull = true; }
        }
    }
}
