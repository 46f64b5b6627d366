using Caviar.Jobs.Layout;

namespace Caviar.Jobs.Running;

/// <summary>
/// Reads on what one attempt wrote: the new lines of rank 0's log (their metrics recorded by the log writer) and
/// the job's new reported metrics, then saves how far it read (<see cref="ReadOffsets"/>) so a runner started after a
/// crash reads on from there. Used by the runner of the attempt and by the one that picks a dead runner's attempt up.
/// </summary>
internal sealed class AttemptReader(JobDirectory job, int attempt, JobLogWriter log, LogTail tail, Metrics.ReportedMetrics reported)
{
    /// <summary>Reads what is new; with <paramref name="toEnd"/>, also the log's last line without its newline.</summary>
    public void ReadOn(bool toEnd = false)
    {
        long before = tail.Offset, reportedBefore = reported.Offset;
        foreach (var line in tail.ReadNew(toEnd)) log.Line(line);
        log.Reported(reported.ReadNew());
        if (tail.Offset == before && reported.Offset == reportedBefore) return;
        // On a full disk the save is skipped (the file exists from the attempt's start; only its creation needs space).
        try { new ReadOffsets(attempt, tail.Offset, reported.Offset, Metrics.UnconfirmedMetrics.LengthOf(job.MetricsFile)).Save(job.ReadOffsetsFile); }
        catch (IOException error) when (DiskSpace.IsFull(error)) { }
    }
}
