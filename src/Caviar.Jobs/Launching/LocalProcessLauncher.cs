using System.Diagnostics;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;

namespace Caviar.Jobs.Launching;

/// <summary>
/// The default launcher: each job's runner is its own process (<c>caviar job-run DIR</c>) in a session of its own,
/// so it keeps running if the tuning process dies. This launcher then only watches the job directory: new lines
/// of metrics.jsonl and the final status.json. A tuning process started again finds the runner still alive and
/// waits for it, or finds its final status, or (runner gone, job unfinished) starts a runner that resumes the job
/// from its checkpoints — a job is never run twice at once.
/// </summary>
public sealed class LocalProcessLauncher(IReadOnlyList<string> runnerCommand) : ITrialLauncher
{
    /// <summary>How often the job directory is read while a job runs.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Runners started again for one job after dying without a final status, before the job is failed.</summary>
    public const int MaxRunnerRestarts = 3;

    public const string RunnerVerb = "job-run";

    public async Task<JobStatus> RunAsync(JobRequest request, Action<MetricObservation> onMetric, CancellationToken stop)
    {
        var job = request.Directory;
        int metricsSeen = 0, restarts = 0;
        if (JobRequestFileMissing(job)) request.Write();
        while (true)
        {
            var status = JobStatus.Read(job.StatusFile);
            metricsSeen = Forward(job.MetricsFile, metricsSeen, onMetric);
            if (status is { State: not JobState.Running }) return status;
            if (stop.IsCancellationRequested && !File.Exists(job.StopRequestFile))
                File.WriteAllText(job.StopRequestFile, "");
            if (!RunnerAlive(status, job))
            {
                if (restarts++ > MaxRunnerRestarts)
                    return FailedWithoutRunner(job, status);
                StartRunner(job.Root);
                await WaitForRunnerToAppear(job, status).ConfigureAwait(false);
                continue;
            }
            await Task.Delay(PollInterval, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static bool JobRequestFileMissing(Layout.JobDirectory job) => !File.Exists(JobRequest.FileIn(job));

    private static bool RunnerAlive(JobStatus? status, Layout.JobDirectory job) =>
        ProcessLiveness.IsAlive(status?.RunnerProcessId, job.Root);

    private static async Task WaitForRunnerToAppear(Layout.JobDirectory job, JobStatus? before)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var now = JobStatus.Read(job.StatusFile);
            if (now is not null && (now.RunnerProcessId != before?.RunnerProcessId || now.State != JobState.Running ||
                                    now.Attempts != before?.Attempts))
                return;
            await Task.Delay(PollInterval, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static JobStatus FailedWithoutRunner(Layout.JobDirectory job, JobStatus? status)
    {
        var failed = (status ?? new JobStatus { JobName = Path.GetFileName(job.Root) }) with
        {
            State = JobState.Failed, FailureReason = "the job's runner kept dying before the job finished",
            RunnerProcessId = null, FinishedAt = DateTimeOffset.UtcNow,
        };
        failed.Write(job.StatusFile);
        return failed;
    }

    private static int Forward(string metricsFile, int alreadySeen, Action<MetricObservation> onMetric)
    {
        var all = MetricLog.Read(metricsFile);
        for (int i = alreadySeen; i < all.Count; i++) onMetric(all[i]);
        return Math.Max(alreadySeen, all.Count);
    }

    /// <summary>Starts <c>setsid RUNNER job-run DIR</c> with its output in DIR/runner.log, detached from this process.</summary>
    private void StartRunner(string jobDirectory)
    {
        string runnerLog = Path.Combine(jobDirectory, "runner.log");
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$@\" </dev/null >>\"$CAVIAR_RUNNER_LOG\" 2>&1");
        start.ArgumentList.Add("caviar-runner");
        foreach (var part in runnerCommand) start.ArgumentList.Add(part);
        start.ArgumentList.Add(RunnerVerb);
        start.ArgumentList.Add(jobDirectory);
        start.Environment["CAVIAR_RUNNER_LOG"] = runnerLog;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
    }
}
