using Caviar.Jobs.Metrics;

namespace Caviar.Jobs.Running;

/// <summary>
/// Takes the lines a job wrote to its log (the job's shim appends them; the runner tails the file) and records the
/// metrics found in them; the runner's own lines (<c>[caviar] …</c>) are appended to the same log.
/// <paramref name="unconfirmed"/>: metrics a dead runner wrote to metrics.jsonl for lines it had not marked as read;
/// when those lines are read again, each of these is matched once and not written a second time.
/// </summary>
internal sealed class JobLogWriter(string logFile, string metricsFile, MetricParser parser,
    Action<MetricObservation>? onMetric, UnconfirmedMetrics? unconfirmed = null)
{
    private readonly object _gate = new();
    private bool _writesFailed;

    /// <summary>
    /// Set when the job's metrics or the runner's lines could not be written for lack of space (from then on nothing more
    /// is recorded: the runner stops the attempt), or when the job itself said so in its output.
    /// </summary>
    public bool DiskFull { get; private set; }

    /// <summary>Whether this writer could not write (the attempt must stop: what it records is lost).</summary>
    public bool WritesFailed
    {
        get { lock (_gate) return _writesFailed; }
    }

    /// <summary>A line the job wrote: its metrics are recorded.</summary>
    public void Line(string line)
    {
        lock (_gate)
        {
            if (line.Contains(DiskSpace.NoSpaceReason, StringComparison.OrdinalIgnoreCase)) DiskFull = true;
            if (_writesFailed) return;
            try
            {
                foreach (var observation in parser.Parse(line, NoteLocked)) Record(observation);
            }
            catch (IOException error) when (DiskSpace.IsFull(error))
            {
                _writesFailed = DiskFull = true;
            }
        }
    }

    /// <summary>A line of the runner's own (it starts with <c>[caviar]</c>), appended to the log.</summary>
    public void Note(string line)
    {
        lock (_gate) NoteLocked(line);
    }

    private void NoteLocked(string line)
    {
        try { File.AppendAllText(logFile, line + "\n"); }
        catch (IOException error) when (DiskSpace.IsFull(error)) { }
    }

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
        if (unconfirmed?.TryTake(observation) != true) MetricLog.Append(metricsFile, observation);
        onMetric?.Invoke(observation);
    }
}
