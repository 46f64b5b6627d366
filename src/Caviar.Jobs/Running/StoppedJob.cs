using Caviar.Jobs.Layout;

namespace Caviar.Jobs.Running;

/// <summary>
/// Reopens a job that was stopped on request (status Stopped and a stop request, not a prune, in its directory), so that
/// a launcher asked for it again starts a runner, which resumes it from its checkpoints in a new attempt: attempts keep
/// counting and the metrics already read are not read again. A job that ended any other way is left as it is.
/// </summary>
internal static class StoppedJob
{
    /// <summary>
    /// Reopens <paramref name="job"/> if it was stopped on request; true when it did. Safe to repeat after a crash at any
    /// point: the read offsets are moved past the stopped attempt first (so the next runner does not take that attempt
    /// for one a dead runner left), then the status says Running with no runner, then the stop request is removed.
    /// </summary>
    public static bool Reopen(JobDirectory job)
    {
        if (JobStatus.Read(job.StatusFile) is not { State: JobState.Stopped } stopped || StopRequest.Read(job) != StopKind.Stop)
            return false;
        if (ReadOffsets.Read(job.ReadOffsetsFile) is { } offsets)
            new ReadOffsets(stopped.Attempts, 0, offsets.ReportedOffset, Metrics.UnconfirmedMetrics.LengthOf(job.MetricsFile)).Save(job.ReadOffsetsFile);
        (stopped with
        {
            State = JobState.Running, FailureReason = null, ExitCode = null, FinishedAt = null,
            RunnerProcessId = null, RunnerStartTime = null, JobProcessId = null, JobProcessIds = null,
        }).Write(job.StatusFile);
        File.Delete(job.StopRequestFile);
        return true;
    }
}
