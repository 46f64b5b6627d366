using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;

namespace Caviar.Jobs.Launching;

/// <summary>
/// A launcher whose job runners (<c>caviar job-run DIR</c>) run apart from the tuning process — a detached local
/// process, a Slurm job — so a job outlives the process that asked for it. The launcher only watches the job
/// directory: new lines of metrics.jsonl and the final status.json, read when the directory changes (inotify) and at
/// least every <see cref="PollInterval"/>. Asked again for the same job (after a restart
/// of the tuning process) it finds the runner alive and waits, or finds the final status, or — runner gone, job
/// unfinished — starts a runner that resumes the job from its checkpoints. A job never runs twice at once.
/// </summary>
public abstract class DetachedRunnerLauncher : ITrialLauncher
{
    /// <param name="clock">Times the polls and the final status written for a job whose runner died (default the system clock).</param>
    protected DetachedRunnerLauncher(TimeProvider? clock = null)
    {
        Clock = clock ?? TimeProvider.System;
    }

    /// <summary>The clock of the polling loops and of the times this launcher writes.</summary>
    protected TimeProvider Clock { get; }

    /// <summary>How often the job directory is read while a job runs, at the least (a change in it is seen at once).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Runners started again for one job after dying without a final status, before the job is failed.</summary>
    public const int MaxRunnerRestarts = 3;

    public const string RunnerVerb = "job-run";

    public async Task<JobStatus> RunAsync(JobRequest request, Action<MetricObservation> onMetric, CancellationToken stop)
    {
        var job = request.Directory;
        long metricsRead = 0;
        int restarts = 0;
        if (!File.Exists(JobRequest.FileIn(job))) request.Write();
        using var changes = new DirectoryChanges(job.Root);
        while (true)
        {
            var status = JobStatus.Read(job.StatusFile);
            foreach (var metric in MetricLog.ReadNew(job.MetricsFile, metricsRead, out metricsRead)) onMetric(metric);
            if (status is { State: not JobState.Running }) return status;
            if (stop.IsCancellationRequested)
            {
                if (!File.Exists(job.StopRequestFile)) File.WriteAllText(job.StopRequestFile, "");
                if (!RunnerAlive(status, job))
                    return JobStatus.Read(job.StatusFile) is { State: not JobState.Running } ended   // written by the runner or the launcher meanwhile
                        ? ended : Final(job, status, JobState.Stopped, "stopped before it ran");
            }
            if (!RunnerAlive(status, job))
            {
                // The runner may have finished the job between reading the status and looking for the runner.
                if (JobStatus.Read(job.StatusFile) is { State: not JobState.Running }) continue;
                if (WhyRunnerDied(job) is { } reason) return Final(job, status, JobState.Failed, reason);
                if (restarts++ > MaxRunnerRestarts)
                    return Final(job, status, JobState.Failed, "the job's runner kept dying before the job finished");
                StartRunner(job.Root);
                await WaitUntilStartedAsync(job, status, changes).ConfigureAwait(false);
                continue;
            }
            await changes.WaitAsync(PollInterval, Clock).ConfigureAwait(false);
        }
    }

    /// <summary>Starts <c>RUNNER job-run DIR</c> somewhere that does not depend on this process.</summary>
    protected abstract void StartRunner(string jobDirectory);

    /// <summary>A reason to fail the job rather than restart its runner, when the last runner this launcher started says one.</summary>
    protected virtual string? WhyRunnerDied(JobDirectory job) => null;

    /// <summary>Whether the job's runner (or the request to run it) is still alive.</summary>
    protected abstract bool RunnerAlive(JobStatus? status, JobDirectory job);

    /// <summary>
    /// Waits until a just-started runner can be seen by <see cref="RunnerAlive"/>; <paramref name="changes"/> wakes on
    /// writes to the job directory.
    /// </summary>
    private protected virtual Task WaitUntilStartedAsync(JobDirectory job, JobStatus? before, DirectoryChanges changes) =>
        Task.CompletedTask;

    private JobStatus Final(JobDirectory job, JobStatus? status, JobState state, string reason)
    {
        var now = Clock.GetUtcNow();
        var final = (status ?? new JobStatus { JobName = Path.GetFileName(job.Root), StartedAt = now }) with
        {
            State = state, FailureReason = reason, RunnerProcessId = null, RunnerStartTime = null, FinishedAt = now,
        };
        final.WriteFinal(job.StatusFile);
        return final;
    }
}
