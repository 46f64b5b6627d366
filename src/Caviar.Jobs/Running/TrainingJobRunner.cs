using System.Diagnostics;
using Caviar.Jobs.Channels;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Efficiency;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Running;

/// <summary>
/// Runs one training job as a child process: prepares its directory and channels, streams its log to
/// logs/attempt-N.log while reading metrics from it, enforces the max runtime, honours stop requests
/// (cancellation or the stop-requested file), and retries failed attempts, which resume from the checkpoint dir.
/// Running it again on the same directory (after a crash) continues the job: attempts keep counting and
/// earlier metrics are kept. A job with several processes (<see cref="ResourcesSpec"/>) runs them all or none: one
/// that fails ends the attempt and the others are killed. GPUs come from <paramref name="gpuAllocator"/> (default:
/// this host's, found when a job first asks for one).
/// </summary>
public sealed class TrainingJobRunner(TimeProvider clock, GpuAllocator? gpuAllocator = null)
{
    /// <summary>How often the runner looks for a stop request or the deadline while a job runs.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<JobStatus> RunAsync(TrainingJobSpec spec, string jobName, string baseDirectory, JobDirectory job,
        IReadOnlyDictionary<string, object>? tunedHyperParameters = null, Action<MetricObservation>? onMetric = null,
        CancellationToken stop = default)
    {
        var command = spec.Command is { Count: > 0 } given ? given : BuiltInAlgorithms.Command(spec.Algorithm!);
        job.Create();
        var previous = JobStatus.Read(job.StatusFile);
        if (previous is { State: JobState.Completed }) return previous;
        if (File.Exists(job.StopRequestFile)) File.Delete(job.StopRequestFile);   // a stale request from an earlier run

        HyperParameterFile.Write(job.HyperParametersFile, spec.HyperParameters, tunedHyperParameters);
        var channels = PreparedChannels.Prepare(spec.Channels, baseDirectory, job, spec.Resources.InstanceCount);
        string checkpoints = spec.CheckpointDir is { } dir
            ? Path.GetFullPath(Path.Combine(baseDirectory, dir)) : job.DefaultCheckpointDirectory;
        Directory.CreateDirectory(checkpoints);
        string workingDirectory = Path.GetFullPath(Path.Combine(baseDirectory, spec.WorkingDirectory ?? "."));

        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(spec.StoppingCondition.MaxRuntimeSeconds);
        var parser = new MetricParser(spec.MetricDefinitions, clock);
        var status = new JobStatus
        {
            JobName = jobName, State = JobState.Running, Attempts = previous?.Attempts ?? 0,
            StartedAt = previous?.StartedAt ?? clock.GetUtcNow(), RunnerProcessId = Environment.ProcessId,
        };
        int attemptsLeft = spec.RetryStrategy.MaximumRetryAttempts + 1;
        while (true)
        {
            int attempt = status.Attempts;
            status = status with { Attempts = attempt + 1 };
            status.Write(job.StatusFile);
            if (File.Exists(job.FailureFile)) File.Delete(job.FailureFile);

            var environment = JobEnvironment.For(jobName, attempt, job, checkpoints, channels.Paths, spec.Environment);
            var running = status;
            var (exitCode, ending, efficiency) = await RunAttemptAsync(
                new Attempt(attempt, command, workingDirectory, environment, spec.Resources), channels, job, parser, onMetric,
                deadline, pids => (running with { JobProcessId = pids[0], JobProcessIds = [.. pids] }).Write(job.StatusFile),
                stop).ConfigureAwait(false);
            status = status with { Efficiency = status.Efficiency is { } earlier ? earlier.Add(efficiency) : efficiency };
            attemptsLeft--;

            var metrics = MetricLog.LastValues(MetricLog.Read(job.MetricsFile).Where(m => !SystemMetrics.Names.Contains(m.Name)));
            status = status with { ExitCode = exitCode, FinalMetrics = metrics, JobProcessId = null, JobProcessIds = null };
            if (ending == AttemptEnding.Exited && exitCode == 0)
                return Finish(job, status with { State = JobState.Completed });
            if (ending == AttemptEnding.StopRequested)
                return Finish(job, status with { State = JobState.Stopped, FailureReason = "stopped on request" });
            if (ending == AttemptEnding.DeadlineReached)
                return Finish(job, status with
                {
                    State = JobState.Stopped,
                    FailureReason = $"max runtime of {spec.StoppingCondition.MaxRuntimeSeconds} s reached",
                });
            string reason = FailureReason(job, exitCode);
            if (attemptsLeft <= 0)
                return Finish(job, status with { State = JobState.Failed, FailureReason = reason });
            File.AppendAllText(job.LogFile(attempt, spec.Resources.WorldSize > 1 ? 0 : null), $"[caviar] attempt {attempt} failed ({reason}); retrying\n");
        }
    }

    private JobStatus Finish(JobDirectory job, JobStatus status)
    {
        var final = status with { FinishedAt = clock.GetUtcNow(), RunnerProcessId = null };
        final.Write(job.StatusFile);
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

    private enum AttemptEnding { Exited, StopRequested, DeadlineReached }

    private sealed record Attempt(int Number, IReadOnlyList<string> Command, string WorkingDirectory,
        Dictionary<string, string> Environment, ResourcesSpec Resources);

    private async Task<(int ExitCode, AttemptEnding Ending, EfficiencySummary Efficiency)> RunAttemptAsync(Attempt attempt,
        PreparedChannels channels, JobDirectory job, MetricParser parser, Action<MetricObservation>? onMetric,
        DateTimeOffset deadline, Action<IReadOnlyList<int>> onStarted, CancellationToken stop)
    {
        var resources = attempt.Resources;
        var ranks = Rank.All(resources.InstanceCount, resources.ProcessesPerHost);
        bool distributed = resources.WorldSize > 1;
        var writers = ranks.Select(rank => new JobLogWriter(job.LogFile(attempt.Number, distributed ? rank.Global : null),
            job.MetricsFile, rank.Global == 0 ? parser : MetricParser.None(clock), rank.Global == 0 ? onMetric : null)).ToList();
        try
        {
            gpuAllocator ??= resources.GpusPerProcess > 0
                ? new GpuAllocator(GpuInventory.Discover(), GpuAllocator.DefaultLockDirectory, clock) : null;
            using var gpus = await (gpuAllocator ?? GpuAllocator.NoGpus(clock)).AcquireAsync(resources.WorldSize, resources.GpusPerProcess, message => writers[0].Line("[caviar] " + message), stop)
                .ConfigureAwait(false);
            int masterPort = FreePort.Pick();
            var starts = ranks.Select(rank =>
            {
                var environment = new Dictionary<string, string>(attempt.Environment, StringComparer.Ordinal);
                foreach (var (name, value) in RankEnvironment.For(rank, resources, "127.0.0.1", masterPort,
                             gpus.ByProcess[rank.Global]))
                    environment[name] = value;
                foreach (var (name, value) in channels.PathsForHost(rank.Node))
                    JobEnvironment.SetChannel(environment, name, value);
                foreach (var (name, value) in attempt.Environment.Where(v => v.Key == "OMP_NUM_THREADS"))
                    environment[name] = value;   // the spec's own choice wins
                return StartInfo(attempt, environment, rank.Global == 0 && channels.StdinSource is not null);
            }).ToList();

            await using var pipes = channels.StartPipes();
            ProcessGroup group;
            try
            {
                group = ProcessGroup.Start(starts, writers.Select(w => (Action<string>)w.Line).ToList());
            }
            catch (System.ComponentModel.Win32Exception error)
            {
                File.WriteAllText(job.FailureFile, $"cannot start '{attempt.Command[0]}': {error.Message}");
                return (127, AttemptEnding.Exited, new EfficiencySummary());
            }
            using (group)
            {
                var ids = group.Processes.Select(p => p.Id).ToList();
                onStarted(ids);
                await using var monitor = new EfficiencyMonitor(() => ids,
                    gpus.ByProcess.SelectMany(d => d).ToList(), resources.WorldSize * resources.CpusPerProcess,
                    job.MetricsFile, clock, EfficiencyMonitor.DefaultInterval);
                var feedingStdin = channels.StdinSource is { } source
                    ? FeedStdinAsync(group.Processes[0], source) : Task.CompletedTask;

                var ending = AttemptEnding.Exited;
                while (!group.AllExited)
                {
                    if (stop.IsCancellationRequested || File.Exists(job.StopRequestFile)) ending = AttemptEnding.StopRequested;
                    else if (clock.GetUtcNow() >= deadline) ending = AttemptEnding.DeadlineReached;
                    if (ending != AttemptEnding.Exited) break;
                    if (group.FirstFailedRank is { } failed)
                    {
                        string message = $"[caviar] rank {failed} exited with code {group.Processes[failed].ExitCode}; " +
                                         "stopping the job's other processes";
                        writers[0].Line(message);
                        if (failed != 0) writers[failed].Line(message);
                        break;
                    }
                    try
                    {
                        await Task.WhenAny(group.Processes.Select(p => p.WaitForExitAsync(CancellationToken.None)))
                            .WaitAsync(PollInterval, clock).ConfigureAwait(false);
                    }
                    catch (TimeoutException) { }
                }
                group.KillAll();
                await group.WaitAllAsync().ConfigureAwait(false);
                try { await feedingStdin.ConfigureAwait(false); } catch (IOException) { }
                var efficiency = await monitor.FinishAsync().ConfigureAwait(false);
                return (group.ExitCode, ending, efficiency);
            }
        }
        finally
        {
            foreach (var writer in writers) writer.Dispose();
        }
    }

    private static ProcessStartInfo StartInfo(Attempt attempt, Dictionary<string, string> environment, bool stdin)
    {
        var start = new ProcessStartInfo(attempt.Command[0])
        {
            WorkingDirectory = attempt.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin,
            UseShellExecute = false,
        };
        foreach (var arg in attempt.Command.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return start;
    }

    private static async Task FeedStdinAsync(Process process, string source)
    {
        await using (var input = File.OpenRead(source))
            await input.CopyToAsync(process.StandardInput.BaseStream).ConfigureAwait(false);
        process.StandardInput.Close();
    }
}
