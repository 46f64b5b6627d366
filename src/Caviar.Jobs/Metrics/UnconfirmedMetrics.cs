using Caviar.Jobs.Running;

namespace Caviar.Jobs.Metrics;

/// <summary>
/// A job's metrics.jsonl split where its last reader confirmed it had read the job's log (saved with how far it read):
/// the values before (<see cref="Confirmed"/>, for automatic steps to go on after) and those after, which a reader that
/// died had appended without confirming. The lines they came from are read again; each such value is matched once
/// (name, step, value: <see cref="TryTake"/>) so it is not appended a second time. Used by the runner that picks up a
/// dead runner's attempt and by the Kubernetes launcher's <c>PodLogMetrics</c>.
/// </summary>
internal sealed class UnconfirmedMetrics
{
    private readonly List<MetricObservation> _pending;

    private UnconfirmedMetrics(IReadOnlyList<MetricObservation> confirmed, List<MetricObservation> pending) =>
        (Confirmed, _pending) = (confirmed, pending);

    /// <summary>The values before the confirmed length.</summary>
    public IReadOnlyList<MetricObservation> Confirmed { get; }

    /// <summary>
    /// Reads <paramref name="metricsFile"/>; with no <paramref name="confirmedLength"/> (a file saved before it was
    /// kept) every value counts as confirmed.
    /// </summary>
    public static UnconfirmedMetrics Read(string metricsFile, long? confirmedLength)
    {
        var all = MetricLog.Read(metricsFile);
        List<MetricObservation> pending = confirmedLength is { } length ? [.. MetricLog.ReadNew(metricsFile, length, out _)] : [];
        return new(all.Take(all.Count - pending.Count).ToList(), pending);
    }

    /// <summary>The length of <paramref name="metricsFile"/> now (0 when it does not exist yet), to save as confirmed.</summary>
    public static long LengthOf(string metricsFile)
    {
        var file = new FileInfo(metricsFile);
        return file.Exists ? file.Length : 0;
    }

    /// <summary>Whether <paramref name="observation"/> was appended already (then it is taken: it matches once).</summary>
    public bool TryTake(MetricObservation observation)
    {
        int index = _pending.FindIndex(m =>
            m.Name == observation.Name && m.Step == observation.Step && m.Value.Equals(observation.Value));
        if (index < 0) return false;
        _pending.RemoveAt(index);
        return true;
    }
}
