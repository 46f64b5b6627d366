using System.Diagnostics;
using Caviar.Jobs.Channels;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Running;

/// <summary>
/// Runs one training job as a child process: prepares its directory and channels, streams its log to
/// logs/attempt-N.log while reading metrics from it, enforces the max runtime, honours stop requests
/// (cancellation or the stop-requested file), and retries failed attempts, which resume from the checkpoint dir.
/// Running it again on the same directory (after a crash) continues the job: attempts keep counting and
/// earlier metrics are kept.
/// </summary>
public sealed class TrainingJobRunner(TimeProvider clock)
{
    /// <summary>How often the runner looks for a stop request or the deadline while a job runs.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a pruned job that reports through CAVIAR_METRICS_FILE (so it can see <c>caviar.should_stop()</c>) may take to
    /// exit on its own before it is killed. A job that only logs is killed at once. 30 s.
    /// </summary>
    public static readonly TimeSpan PruneGracePeriod = TimeSpan.FromSeconds(30);

    public async Task<JobStatus> RunAsync(TrainingJobSpec spec, string jobName, string baseDirectory, JobDirectory job,
        IReadOnlyDictionary<string, object>? tunedHyperParameters = null, Action<MetricObservation>? onMetric = null,
        CancellationToken stop = default)
    {
        var command = spec.Command is { Count: > 0 } given ? given : BuiltInAlgorithms.Command(spec.Algorithm!);
        job.Create();
        var previous = JobStatus.Read(job.StatusFile);
        if (previous is { State: JobState.Completed }) return previous;
        if (LeftoverJobProcess.KillIfRunning(previous, jobName))
            TryAppend(job.LogFile(Math.Max(0, previous!.Attempts - 1)), "[caviar] the previous runner died; its job process was ended\n");
        if (File.Exists(job.StopRequestFile)) File.Delete(job.StopRequestFile);   // a stale request from an earlier run

        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(spec.StoppingCondition.MaxRuntimeSeconds);
        var parser = new MetricParser(spec.MetricDefinitions, clock);
        var reported = new ReportedMetrics(job.ReportedMetricsFile, clock);
        var status = new JobStatus
        {
            JobName = jobName, State = JobState.Running, Attempts = previous?.Attempts ?? 0,
            StartedAt = previous?.StartedAt ?? clock.GetUtcNow(), RunnerProcessId = Environment.ProcessId,
        };
        string workingDirectory = Path.GetFullPath(Path.Combine(baseDirectory, spec.WorkingDirectory ?? "."));
        PreparedChannels? channels = null;
        string checkpoints = "";
        int attemptsLeft = spec.RetryStrategy.MaximumRetryAttempts + 1;
        while (true)
        {
            int attempt = status.Attempts;
            status = status with { Attempts = attempt + 1 };
            int exitCode;
            AttemptEnding ending;
            bool linesLost = false;
            // A full disk fails the attempt like any other failure (the retry policy applies), never the runner.
            try
            {
                status.Write(job.StatusFile);
                if (channels is null)
                {
                    HyperParameterFile.Write(job.HyperParametersFile, spec.HyperParameters, tunedHyperParameters);
                    channels = PreparedChannels.Prepare(spec.Channels, baseDirectory, job);
                    checkpoints = spec.CheckpointDir is { } dir
                        ? Path.GetFullPath(Path.Combine(baseDirectory, dir)) : job.DefaultCheckpointDirectory;
                    Directory.CreateDirectory(checkpoints);
                }
                if (File.Exists(job.FailureFile)) File.Delete(job.FailureFile);

                var environment = JobEnvironment.For(jobName, attempt, job, checkpoints, channels.Paths, spec.Environment);
                var running = status;
                (exitCode, ending, linesLost) = await RunAttemptAsync(command, workingDirectory, environment, channels,
                    job, attempt, parser, reported, onMetric, deadline, pid => RecordJobProcess(job, running with { JobProcessId = pid }),
                    stop).ConfigureAwait(false);
            }
            catch (IOException error) when (DiskSpace.IsFull(error))
            {
                (exitCode, ending) = (1, AttemptEnding.DiskFull);
            }
            attemptsLeft--;

            var metrics = MetricLog.LastValues(MetricLog.Read(job.MetricsFile));
            status = status with
            {
                ExitCode = exitCode, FinalMetrics = metrics, JobProcessId = null,
                MetricsLost = status.MetricsLost || linesLost,
            };
            if (ending == AttemptEnding.Exited && exitCode == 0)
                return Finish(job, status.MetricsLost
                    ? status with { State = JobState.Failed, FailureReason = $"{DiskSpace.NoSpaceReason}: metrics logged by an earlier attempt were lost" }
                    : status with { State = JobState.Completed });
            if (ending == AttemptEnding.Pruned)
                return Finish(job, status with
                {
                    State = JobState.Pruned,
                    FailureReason = exitCode == 0 ? "pruned; the job exited on its own" : "pruned; the job was ended",
                });
            if (ending == AttemptEnding.StopRequested)
                return Finish(job, status with { State = JobState.Stopped, FailureReason = "stopped on request" });
            if (ending == AttemptEnding.DeadlineReached)
                return Finish(job, status with
                {
                    State = JobState.Stopped,
                    FailureReason = $"max runtime of {spec.StoppingCondition.MaxRuntimeSeconds} s reached",
                });
            string reason = ending == AttemptEnding.DiskFull ? DiskSpace.NoSpaceReason : FailureReason(job, exitCode);
            if (attemptsLeft <= 0)
                return Finish(job, status with { State = JobState.Failed, FailureReason = reason });
            TryAppend(job.LogFile(attempt), $"[caviar] attempt {attempt} failed ({reason}); retrying\n");
        }
    }

    private static void TryAppend(string log, string line)
    {
        try { File.AppendAllText(log, line); }
        catch (IOException error) when (DiskSpace.IsFull(error)) { }
    }

    /// <summary>Records the job's process id; on a full disk the status keeps saying Running without it (the attempt goes on).</summary>
    private static void RecordJobProcess(JobDirectory job, JobStatus running)
    {
        try { running.Write(job.StatusFile); }
        catch (IOException error) when (DiskSpace.IsFull(error)) { }
    }

    private JobStatus Finish(JobDirectory job, JobStatus status)
    {
        var final = status with { FinishedAt = clock.GetUtcNow(), RunnerProcessId = null };
        final.WriteFinal(job.StatusFile);
        return final;
    }

    private static string FailureReason(JobDirectory job, int exitCode)
    {
        if (File.Exists(job.FailureFile))
        {
            string written = File.ReadAllText(job.FailureFile).Trim();
            if (written.Length > 0) return written.Length > 1000 ? written[..1000] : written;
        }
        return exitCode > 128 ? $"killed by signal {exitCode - 128}" : $"exit code {exitCode}";
    }

    /// <summary>How an attempt ended; DiskFull: the job or the runner could not write for lack of space.</summary>
    private enum AttemptEnding { Exited, StopRequested, DeadlineReached, DiskFull, Pruned }

    private async Task<(int ExitCode, AttemptEnding Ending, bool LinesLost)> RunAttemptAsync(IReadOnlyList<string> command,
        string workingDirectory, Dictionary<string, string> environment, PreparedChannels channels, JobDirectory job,
        int attempt, MetricParser parser, ReportedMetrics reported, Action<MetricObservation>? onMetric, DateTimeOffset deadline,
        Action<int> onStarted, CancellationToken stop)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = channels.StdinSource is not null,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        await using var pipes = channels.StartPipes();
        using var log = new JobLogWriter(job.LogFile(attempt), job.MetricsFile, parser, onMetric);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Line(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Line(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            File.WriteAllText(job.FailureFile, $"cannot start '{command[0]}': {error.Message}");
            return (127, AttemptEnding.Exited, false);
        }
        onStarted(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var feedingStdin = channels.StdinSource is { } source ? FeedStdinAsync(process, source) : Task.CompletedTask;

        var ending = AttemptEnding.Exited;
        DateTimeOffset? prunedAt = null;
        while (!process.HasExited)
        {
            log.Reported(reported.ReadNew());
            var request = stop.IsCancellationRequested ? StopKind.Stop : StopRequest.Read(job);
            if (request == StopKind.Prune)
            {
                prunedAt ??= clock.GetUtcNow();
                if (!reported.Used || clock.GetUtcNow() - prunedAt >= PruneGracePeriod) ending = AttemptEnding.Pruned;
            }
            else if (request == StopKind.Stop) ending = AttemptEnding.StopRequested;
            else if (clock.GetUtcNow() >= deadline) ending = AttemptEnding.DeadlineReached;
            else if (log.WritesFailed) ending = AttemptEnding.DiskFull;   // its log and metrics would be lost
            if (ending != AttemptEnding.Exited)
            {
                process.Kill(entireProcessTree: true);
                break;
            }
            try { await process.WaitForExitAsync(CancellationToken.None).WaitAsync(PollInterval).ConfigureAwait(false); }
            catch (TimeoutException) { }
        }
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        log.Reported(reported.ReadNew());
        if (ending == AttemptEnding.Exited && (prunedAt is not null || StopRequest.Read(job) == StopKind.Prune))
            ending = AttemptEnding.Pruned;
        try { await feedingStdin.ConfigureAwait(false); } catch (IOException) { }
        process.WaitForExit();   // the output's last lines reach the log
        // Lines the log could not take are lost, metrics among them: such an attempt cannot count as completed.
        if (ending == AttemptEnding.Exited && (log.WritesFailed || process.ExitCode != 0 && log.DiskFull)) ending = AttemptEnding.DiskFull;
        return (process.ExitCode, ending, log.WritesFailed);
    }

    private static async Task FeedStdinAsync(Process process, string source)
    {
        await using (var input = File.OpenRead(source))
            await input.CopyToAsync(process.StandardInput.BaseStream).ConfigureAwait(false);
        process.StandardInput.Close();
    }
}
