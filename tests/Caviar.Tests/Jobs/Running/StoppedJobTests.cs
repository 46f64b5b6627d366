using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

/// <summary>
/// <see cref="StoppedJob.Reopen"/> on real job folders: only a job stopped on request is reopened, and then so that the
/// next runner starts a new attempt (read offsets past the stopped one, the reported offset kept), not a recovery.
/// </summary>
public class StoppedJobTests
{
    private static JobDirectory Job(TempDirectory dir, JobState state, string? stopRequest, int attempts = 1)
    {
        var job = JobDirectory.For(dir.Path, "job");
        job.Create();
        new JobStatus
        {
            JobName = "job", State = state, Attempts = attempts, ExitCode = 143, FailureReason = "stopped on request",
            StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
        }.WriteFinal(job.StatusFile);
        if (stopRequest is not null) File.WriteAllText(job.StopRequestFile, stopRequest);
        new ReadOffsets(attempts - 1, 1234, 56, 0).Save(job.ReadOffsetsFile);
        return job;
    }

    [Fact]
    public void A_job_stopped_on_request_is_reopened_for_a_new_attempt()
    {
        using var dir = new TempDirectory();
        var job = Job(dir, JobState.Stopped, "", attempts: 2);

        Assert.True(StoppedJob.Reopen(job));

        var status = JobStatus.Read(job.StatusFile)!;
        Assert.Equal(JobState.Running, status.State);
        Assert.Equal(2, status.Attempts);
        Assert.Null(status.RunnerProcessId);
        Assert.Null(status.FinishedAt);
        Assert.Null(status.FailureReason);
        Assert.False(File.Exists(job.StopRequestFile));
        Assert.Equal(new ReadOffsets(2, 0, 56, 0), ReadOffsets.Read(job.ReadOffsetsFile));
        Assert.False(StoppedJob.Reopen(job));                  // Running now: nothing more to do
    }

    [Theory]
    [InlineData(JobState.Stopped, "prune")]                    // pruned: its end stands
    [InlineData(JobState.Stopped, null)]                       // its own max runtime: no new deadline
    [InlineData(JobState.Completed, "")]
    [InlineData(JobState.Failed, "")]
    public void Other_ends_are_left_as_they_are(JobState state, string? stopRequest)
    {
        using var dir = new TempDirectory();
        var job = Job(dir, state, stopRequest);

        Assert.False(StoppedJob.Reopen(job));

        Assert.Equal(state, JobStatus.Read(job.StatusFile)!.State);
        Assert.Equal(new ReadOffsets(0, 1234, 56, 0), ReadOffsets.Read(job.ReadOffsetsFile));
    }
}
