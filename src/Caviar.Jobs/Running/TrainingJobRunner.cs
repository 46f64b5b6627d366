using System.Diagnostics;
using Caviar.Containers;
using Caviar.Jobs.Channels;
using Caviar.Jobs.Containers;
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
/// that fails ends the attempt and the others are killed. GPUs come from this host (found when a job first asks
/// for one). A job from an image runs in a Podman container
/// (<see cref="ContainerJob"/>) with the same contract: its log, metrics, checkpoints, stop and retries are the same.
/// </summary>
public sealed class TrainingJobRunner(TimeProvider clock)
{
    private GpuAllocator? _gpuAllocator;

    /// <summary>A runner whose jobs take their GPUs from <paramref name="gpus"/> (tests give a host's devices of their own).</summary>
    internal TrainingJobRunner(TimeProvider clock, GpuAllocator? gpus) : this(clock) => _gpuAllocator = gpus;

    /// <summary>
    /// How often the runner looks for a stop request or the deadline while a job runs, where the files it reads send no
    /// change events; also the shortest time between two reads of a job's log. 100 ms.
    /// </summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long the runner waits between reads while a job's processes run and nothing it watches changes (rank 0's log,
    /// the reported metrics and the stop request wake it at once; so do a process's exit, a stop and the deadline).
    /// Reads at this interval catch what sent no event (files written from another host). 1 s.
    /// </summary>
    public static readonly TimeSpan QuietPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a pruned job that reports through CAVIAR_METRICS_FILE (so it can see <c>caviar.should_stop()</c>) may take to
    /// exit on its own before it is killed. A job that only logs is killed at once. 30 s.
    /// </summary>
    public static readonly TimeSpan PruneGracePeriod = TimeSpan.FromSeconds(30);

    /// <summary>How long srun may take to end its tasks after SIGTERM before it is killed. 10 s.</summary>
    public static readonly TimeSpan SrunGracePeriod = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs a job's processes as the tasks of one srun step (set by <c>caviar job-run</c> when the Slurm launcher
    /// started it: the runner then runs inside the job's allocation); null starts them on this host. Jobs of one
    /// process without GPUs run here either way. Default null.
    /// </summary>
    internal SrunRanks? Srun { get; init; }

    /// <summary>
    /// This runner's pod in a Kubernetes Indexed Job (host 0): it starts only host 0's ranks and reads how the other
    /// hosts' ranks ended from their exit files; null runs every rank here. Default null.
    /// </summary>
    internal PodRanks? Pods { get; init; }

    /// <summary>
    /// Whether this runner lowers its own threads' priority once a job's processes have started
    /// (<see cref="RunnerPriority"/>), which it starts from a thread kept at the first priority. Only for a process
    /// that is a runner and nothing else (<c>caviar job-run</c>, <c>caviar train</c>): the whole process is lowered.
    /// Default false.
    /// </summary>
    internal bool YieldsToRanks { get; init; }

    /// <summary>Runs the job of a checked <paramref name="plan"/> (it needs a name) in <paramref name="job"/>.</summary>
    public Task<JobStatus> RunAsync(TrainingPlan plan, JobDirectory job, Action<MetricObservation>? onMetric = null,
        CancellationToken stop = default) =>
        RunAsync(plan.Spec, plan.Name ?? throw new ArgumentException("a training job run on its own needs a name", nameof(plan)),
            plan.BaseDirectory, job, null, onMetric, stop);

    public async Task<JobStatus> RunAsync(TrainingJobSpec spec, string jobName, string baseDirectory, JobDirectory job,
        IReadOnlyDictionary<string, object>? tunedHyperParameters = null, Action<MetricObservation>? onMetric = null,
        CancellationToken stop = default)
    {
        (spec, tunedHyperParameters) = OptimizeStep.ApplyTuned(spec, tunedHyperParameters);
        var command = spec.Command is { Count: > 0 } given ? given : BuiltInAlgorithms.Command(spec.Algorithm!);
        job.Create();
        using var turn = await JobRunnerTurn.WaitAsync(job, clock, PollInterval, stop).ConfigureAwait(false);
        var previous = JobStatus.Read(job.StatusFile);
        if (turn is null)   // stopped while another runner ran the job: what it left stands
            return previous ?? new JobStatus { JobName = jobName, State = JobState.Stopped, FailureReason = "stopped on request" };
        if (previous is { State: JobState.Completed }) return previous;
        if (File.Exists(job.StopRequestFile)) File.Delete(job.StopRequestFile);   // a stale request from an earlier run
        var offsets = ReadOffsets.Read(job.ReadOffsetsFile);
        // A single process without GPUs that outlived its runner is adopted: waited for, so a job about to finish is
        // not killed in its last instant and run again. Several ranks (one may hang in a collective for a peer that
        // is gone) and GPU jobs (the dead runner's GPU locks are gone) are ended and run again.
        bool adoptable = spec.Resources is { WorldSize: 1, GpusPerProcess: 0 } && previous is { State: JobState.Running } &&
                         offsets?.Attempt == previous.Attempts - 1;
        var adopted = adoptable ? LeftoverJobProcess.StillRunning(previous, jobName) : [];
        bool leftoverEnded = !adoptable && LeftoverJobProcess.KillIfRunning(previous, jobName);
        string checkpoints = spec.CheckpointDir is { } dir
            ? Path.GetFullPath(Path.Combine(baseDirectory, dir)) : job.DefaultCheckpointDirectory;
        var container = spec.Image is null ? null
            : new ContainerJob(ContainerEngine.Find(), spec, jobName, job, baseDirectory, checkpoints);
        if (container?.RemoveLeftovers() == true)
            TryAppend(job.LogFile(Math.Max(0, (previous?.Attempts ?? 1) - 1)), "[caviar] a container left by an earlier runner was removed\n");

        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(spec.StoppingCondition.MaxRuntimeSeconds);
        // Automatic steps go on from the values recorded before (up to what the last runner confirmed it had read).
        var recorded = UnconfirmedMetrics.Read(job.MetricsFile, offsets?.MetricsOffset);
        var parser = new MetricParser(spec.MetricDefinitions, clock).ContinuingAfter(recorded.Confirmed);
        var reported = new ReportedMetrics(job.ReportedMetricsFile, clock, offsets?.ReportedOffset);
        var status = new JobStatus
        {
            JobName = jobName, State = JobState.Running, Attempts = previous?.Attempts ?? 0,
            StartedAt = previous?.StartedAt ?? clock.GetUtcNow(), RunnerProcessId = Environment.ProcessId,
            MetricsLost = previous?.MetricsLost ?? false,
            RunnerStartTime = Launching.ProcessLiveness.StartTimeOf(Environment.ProcessId),
        };
        // The attempt a dead runner left: what it logged meanwhile is recorded, and if it ended, its end counts.
        var leftover = previous is { State: JobState.Running, Attempts: > 0 } && offsets?.Attempt == previous.Attempts - 1
            ? await RecoverAttemptAsync(offsets, spec.Resources, job, parser, recorded, reported, onMetric,
                new Adopted(adopted, jobName, deadline), stop).ConfigureAwait(false)
            : null;
        if (leftover is null && leftoverEnded)
            TryAppend(job.LogFile(Math.Max(0, previous!.Attempts - 1)), "[caviar] the previous runner died; its job process was ended\n");
        string workingDirectory = Path.GetFullPath(Path.Combine(baseDirectory, spec.WorkingDirectory ?? "."));
        PreparedChannels? channels = null;
        int attemptsLeft = spec.RetryStrategy.MaximumRetryAttempts + 1;
        while (true)
        {
            int attempt;
            int exitCode;
            AttemptEnding ending;
            bool linesLost = false;
            if (leftover is { } ended)
            {
                attempt = status.Attempts - 1;
                (exitCode, ending, linesLost) = ended;
                leftover = null;
            }
            else
            {
                attempt = status.Attempts;
                status = status with { Attempts = attempt + 1 };
                // A full disk fails the attempt like any other failure (the retry policy applies), never the runner.
                try
                {
                    status.Write(job.StatusFile);
                    if (channels is null)
                    {
                        if (container is null) HyperParameterFile.Write(job.HyperParametersFile, spec.HyperParameters, tunedHyperParameters);
                        else container.WriteConfiguration(tunedHyperParameters);
                        channels = PreparedChannels.Prepare(spec.Channels, baseDirectory, job, spec.Resources.InstanceCount);
                        Directory.CreateDirectory(checkpoints);
                    }
                    if (File.Exists(job.FailureFile)) File.Delete(job.FailureFile);

                    var environment = JobEnvironment.For(jobName, attempt, job, checkpoints, channels.Paths, spec.Environment);
                    JobEnvironment.SetInputDataConfig(environment, spec.Channels);
                    if (spec.Optimize is { } optimize) environment[OptimizeStep.Variable] = OptimizeStep.Json(optimize);
                    var running = status;
                    EfficiencySummary efficiency;
                    (exitCode, ending, linesLost, efficiency) = await RunAttemptAsync(
                        new Attempt(attempt, command, workingDirectory, environment, spec.Resources, container), channels, job, parser,
                        reported, onMetric, deadline,
                        pids => RecordJobProcess(job, running with { JobProcessId = pids[0], JobProcessIds = [.. pids] }),
                        stop).ConfigureAwait(false);
                    status = status with { Efficiency = status.Efficiency is { } earlier ? earlier.Add(efficiency) : efficiency };
                }
                catch (IOException error) when (DiskSpace.IsFull(error))
                {
                    (exitCode, ending) = (1, AttemptEnding.DiskFull);
                }
            }
            attemptsLeft--;

            var metrics = MetricLog.LastValues(MetricLog.Read(job.MetricsFile).Where(m => !SystemMetrics.Names.Contains(m.Name)));
            status = status with
            {
                ExitCode = exitCode, FinalMetrics = metrics, JobProcessId = null, JobProcessIds = null,
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
            string? written = ending == AttemptEnding.DiskFull ? null : WrittenFailure.Of(job);
            string reason = ending == AttemptEnding.DiskFull ? DiskSpace.NoSpaceReason : written ?? ExitReason(exitCode);
            string attemptLog = job.LogFile(attempt, spec.Resources.WorldSize > 1 ? 0 : null);
            if (attemptsLeft <= 0)
                return Finish(job, status with
                {
                    State = JobState.Failed,
                    // Only an exit code: what the job printed last most often says why (use20).
                    FailureReason = written is null && ending != AttemptEnding.DiskFull ? LastLogLine.Append(reason, attemptLog) : reason,
                });
            TryAppend(attemptLog, $"[caviar] attempt {attempt} failed ({reason}); retrying\n");
        }
    }

    /// <summary>
    /// Picks up attempt <c>offsets.Attempt</c>, left by a runner that died (its processes, if any still run, are followed
    /// to their end when <paramref name="adopted"/> names them, else they were ended first): records the metrics of the lines it logged and the values it
    /// reported after the dead runner's last read, and returns how it ended if its shims wrote that down, else null
    /// (it was killed with its runner and counts as never having ended).
    /// </summary>
    private async Task<(int ExitCode, AttemptEnding Ending, bool LinesLost)?> RecoverAttemptAsync(ReadOffsets offsets,
        ResourcesSpec resources, JobDirectory job, MetricParser parser, UnconfirmedMetrics recorded, ReportedMetrics reported,
        Action<MetricObservation>? onMetric, Adopted adopted, CancellationToken stop)
    {
        int attempt = offsets.Attempt;
        int? firstRank = resources.WorldSize > 1 ? 0 : null;
        // Metrics the dead runner recorded after its last save of the offsets come again from the lines read again.
        var log = new JobLogWriter(job.LogFile(attempt, firstRank), job.MetricsFile, parser, onMetric, recorded);
        var reader = new AttemptReader(job, attempt, log, new LogTail(job.LogFile(attempt, firstRank), offsets.LogOffset), reported);
        if (adopted.Processes.Count > 0)
        {
            log.Note("[caviar] the previous runner died; its job goes on and is followed by this runner");
            while (LeftoverJobProcess.AnyRunning(adopted.Processes, adopted.JobName))
            {
                reader.ReadOn();
                if (stop.IsCancellationRequested || StopRequest.Read(job) is not null || clock.GetUtcNow() >= adopted.Deadline)
                {
                    // The next attempt sees the same request (or deadline) at once and ends the job as asked.
                    LeftoverJobProcess.KillIfRunning(new JobStatus { JobProcessIds = [.. adopted.Processes] }, adopted.JobName);
                    log.Note("[caviar] the followed job was ended (stop, prune or max runtime)");
                    break;
                }
                await Task.Delay(PollInterval, clock, CancellationToken.None).ConfigureAwait(false);
            }
        }
        // Through srun one shim runs the whole step: rank 0's exit file is the step's.
        var exits = Enumerable.Range(0, UsesSrun(resources) ? 1 : resources.WorldSize)
            .Select(rank => AttemptShim.ReadExit(job.ExitFile(attempt, resources.WorldSize > 1 ? rank : null))).ToList();
        bool ended = exits.All(e => e is not null);
        reader.ReadOn(toEnd: ended);
        if (!ended) return null;
        log.Note("[caviar] the previous runner died after this attempt's job ended; its end is recorded from this log");
        int exitCode = exits.Select(e => e!.JobExitCode).FirstOrDefault(code => code != 0);
        bool linesLost = exits.Any(e => e!.OutputLost) || log.WritesFailed;
        var ending = linesLost || exitCode != 0 && log.DiskFull ? AttemptEnding.DiskFull : AttemptEnding.Exited;
        return (exitCode, ending, linesLost);
    }

    /// <summary>Processes of a leftover attempt that the new runner follows to their end (none: nothing to follow).</summary>
    private sealed record Adopted(IReadOnlyList<int> Processes, string JobName, DateTimeOffset Deadline);

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
        var final = status with { FinishedAt = clock.GetUtcNow(), RunnerProcessId = null, RunnerStartTime = null };
        final.WriteFinal(job.StatusFile);
        return final;
    }

    private static string ExitReason(int exitCode) =>
        exitCode > 128 ? $"killed by signal {exitCode - 128}" : $"exit code {exitCode}";

    /// <summary>How an attempt ended; DiskFull: the job or the runner could not write for lack of space.</summary>
    private enum AttemptEnding { Exited, StopRequested, DeadlineReached, DiskFull, Pruned }

    private sealed record Attempt(int Number, IReadOnlyList<string> Command, string WorkingDirectory,
        Dictionary<string, string> Environment, ResourcesSpec Resources, ContainerJob? Container);

    private async Task<(int ExitCode, AttemptEnding Ending, bool LinesLost, EfficiencySummary Efficiency)> RunAttemptAsync(
        Attempt attempt, PreparedChannels channels, JobDirectory job, MetricParser parser, ReportedMetrics reported,
        Action<MetricObservation>? onMetric, DateTimeOffset deadline, Action<IReadOnlyList<int>> onStarted, CancellationToken stop)
    {
        var resources = attempt.Resources;
        // On a pod of an Indexed Job the runner starts only its host's ranks; the other hosts' pods start theirs.
        var ranks = Rank.All(resources.InstanceCount, resources.ProcessesPerHost).Where(r => Pods is null || r.Node == Pods.Node).ToList();
        bool perRankLogs = resources.WorldSize > 1;
        // Metrics come from rank 0: its log and what it reports; the other ranks' logs are only kept.
        var writers = ranks.Select(rank => new JobLogWriter(job.LogFile(attempt.Number, perRankLogs ? rank.Global : null),
            job.MetricsFile, rank.Global == 0 ? parser : MetricParser.None(clock), rank.Global == 0 ? onMetric : null)).ToList();
        var log = writers[0];
        var reader = new AttemptReader(job, attempt.Number, log, new LogTail(job.LogFile(attempt.Number, perRankLogs ? 0 : null), 0), reported);
        {
            // Through srun, Slurm gives the tasks their GPUs (--gres); here the allocator does.
            bool throughSrun = UsesSrun(resources);
            int gpusHere = throughSrun ? 0 : resources.GpusPerProcess;
            _gpuAllocator ??= gpusHere > 0
                ? new GpuAllocator(GpuInventory.Discover(), GpuAllocator.DefaultLockDirectory, clock) : null;
            using var gpus = await (_gpuAllocator ?? GpuAllocator.NoGpus(clock))
                .AcquireAsync(ranks.Count, gpusHere, message => log.Note("[caviar] " + message), stop)
                .ConfigureAwait(false);
            List<ProcessStartInfo> starts;
            // Containers of several ranks here share one pod per attempt (its network namespace: rank 0 at 127.0.0.1).
            string? pod = attempt.Container is { } boxed && perRankLogs && !throughSrun && Pods is null
                ? boxed.PodName(attempt.Number) : null;
            if (throughSrun) starts = [SrunStart(attempt, channels, job)];
            else
            {
                // Rank 0's rendezvous port, then one port per rank for peer-to-peer networks (LightGBM's), all distinct.
                // A pod has its own network: there the ports are fixed and the addresses are the pods' stable names.
                var ports = Pods is not null ? [PodRanks.MasterPort] : FreePort.PickMany(perRankLogs ? resources.WorldSize + 1 : 1);
                string masterAddress = Pods?.MasterAddress ?? "127.0.0.1";
                var endpoints = Pods?.Endpoints(resources) ?? (perRankLogs ? RankEnvironment.Endpoints("127.0.0.1", ports.Skip(1).ToList()) : null);
                starts = ranks.Select((rank, index) =>
                {
                    var environment = RankEnvironmentOf(rank, resources, attempt.Environment, channels.PathsForHost(rank.Node),
                        masterAddress, ports[0], gpus.ByProcess[index], endpoints);
                    bool stdin = rank.Global == 0 && channels.StdinSource is not null;
                    string logFile = job.LogFile(attempt.Number, perRankLogs ? rank.Global : null);
                    string exitFile = job.ExitFile(attempt.Number, perRankLogs ? rank.Global : null);
                    // A container's client (podman run) is the shim's job: its output is the container's.
                    return attempt.Container is { } container
                        ? AttemptShim.Wrap(container.StartInfo(rank, environment, gpus.ByProcess[index], stdin, pod), logFile, exitFile)
                        : AttemptShim.StartInfo(attempt.Command, attempt.WorkingDirectory, logFile, exitFile, environment, stdin);
                }).ToList();
            }
            string program = attempt.Container?.Engine.Program ?? attempt.Command[0];
            string? path = attempt.Environment.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH");
            if (CommandPath.WhyNotStartable(program, attempt.WorkingDirectory, path) is { } whyNot)
            {
                File.WriteAllText(job.FailureFile, $"cannot start '{program}': {whyNot}");
                return (127, AttemptEnding.Exited, false, new EfficiencySummary());
            }
            // Through srun one shim runs the step: rank 0's exit file is the step's (each task still logs to its rank's log).
            var shimRanks = throughSrun ? ranks.Take(1).ToList() : ranks;
            foreach (var rank in shimRanks) AttemptShim.PrepareExitFile(job.ExitFile(attempt.Number, perRankLogs ? rank.Global : null));
            new ReadOffsets(attempt.Number, 0, reported.Offset, Metrics.UnconfirmedMetrics.LengthOf(job.MetricsFile)).Save(job.ReadOffsetsFile);

            await using var pipes = channels.StartPipes();
            if (pod is not null)
            {
                try
                {
                    attempt.Container!.StartPod(attempt.Number);
                }
                catch (ContainerEngineException error)   // docker (no pods), or the engine failing
                {
                    File.WriteAllText(job.FailureFile, $"cannot start the job's pod: {error.Message}");
                    return (127, AttemptEnding.Exited, false, new EfficiencySummary());
                }
            }
            var startedAt = clock.GetUtcNow();   // the job's wall time starts here, not when the monitor is made
            ProcessGroup group;
            try
            {
                // Started from a thread at the first priority, so the ranks of a retry do not inherit a lowered one.
                group = YieldsToRanks
                    ? await RunnerPriority.StartAsync(() => ProcessGroup.Start(starts)).ConfigureAwait(false)
                    : ProcessGroup.Start(starts);
            }
            catch (System.ComponentModel.Win32Exception error)
            {
                if (pod is not null) attempt.Container!.RemovePod(attempt.Number);
                File.WriteAllText(job.FailureFile, $"cannot start '{program}': {error.Message}");
                return (127, AttemptEnding.Exited, false, new EfficiencySummary());
            }
            using (group)
            {
                var ids = group.Processes.Select(p => p.Id).ToList();
                onStarted(ids);
                if (YieldsToRanks) RunnerPriority.Lower();
                IReadOnlyList<int> sampled = ids;   // a container's processes are the engine's, not the client's: added once known
                var findingContainers = attempt.Container is { } started
                    ? Task.Run(() => sampled = [.. ids, .. ContainerProcesses(started, group.Processes)]) : Task.CompletedTask;
                await using var monitor = new EfficiencyMonitor(() => sampled, gpus.ByProcess.SelectMany(d => d).ToList(),
                    ranks.Count * resources.CpusPerProcess, job.MetricsFile, clock, EfficiencyMonitor.DefaultInterval,
                    startedAt: startedAt);
                FirstLineWarmUp.Run(parser, clock);   // while the processes load, not in their first epoch
                var feedingStdin = channels.StdinSource is { } source ? FeedStdinAsync(group.Processes[0], source) : Task.CompletedTask;

                var ending = AttemptEnding.Exited;
                DateTimeOffset? prunedAt = null;
                int? hostFailure = null;
                using var wakeups = new AttemptWakeups([job.LogFile(attempt.Number, perRankLogs ? 0 : null), job.ReportedMetricsFile, job.StopRequestFile]);
                // The other hosts' exit files send no event here: a pod's runner polls them.
                var quiet = wakeups.Watching && Pods is null ? QuietPollInterval : PollInterval;
                Task exited = Task.CompletedTask;
                while (!group.AllExited || Pods is not null && Pods.OtherHostsExits(job, attempt.Number, resources).Count < resources.WorldSize - ranks.Count)
                {
                    reader.ReadOn();
                    var readAt = clock.GetUtcNow();
                    var request = stop.IsCancellationRequested ? StopKind.Stop : StopRequest.Read(job);
                    if (request == StopKind.Prune)
                    {
                        prunedAt ??= clock.GetUtcNow();
                        if (!reported.Used || clock.GetUtcNow() - prunedAt >= PruneGracePeriod) ending = AttemptEnding.Pruned;
                    }
                    else if (request == StopKind.Stop) ending = AttemptEnding.StopRequested;
                    else if (clock.GetUtcNow() >= deadline) ending = AttemptEnding.DeadlineReached;
                    else if (writers.Any(w => w.WritesFailed)) ending = AttemptEnding.DiskFull;   // its log and metrics would be lost
                    if (ending != AttemptEnding.Exited) break;
                    if (group.FirstFailedRank is { } failed && perRankLogs)
                    {
                        string message = throughSrun
                            ? $"[caviar] srun exited with code {group.Processes[failed].ExitCode}; Slurm ends the step's other tasks"
                            : $"[caviar] rank {ranks[failed].Global} exited with code {group.Processes[failed].ExitCode}; stopping the job's other processes";
                        log.Note(message);
                        if (failed != 0) writers[failed].Note(message);
                        break;
                    }
                    if (Pods?.OtherHostsExits(job, attempt.Number, resources).FirstOrDefault(e => e.Value != 0) is { Value: not 0 } hostExit)
                    {
                        log.Note($"[caviar] rank {hostExit.Key} on host {Rank.HostName(hostExit.Key / resources.ProcessesPerHost)} exited with code " +
                                 $"{hostExit.Value}; stopping this host's processes");
                        hostFailure = hostExit.Value;
                        break;
                    }
                    if (group.AllExited)
                    {
                        await Task.Delay(PollInterval, clock, CancellationToken.None).ConfigureAwait(false);   // waiting for the other hosts
                        continue;
                    }
                    if (exited.IsCompleted)
                    {
                        var stillRunning = group.Processes.Where(p => !p.HasExited).ToList();
                        exited = stillRunning.Count > 0 ? Task.WhenAny(stillRunning.Select(p => p.WaitForExitAsync(CancellationToken.None))) : Task.CompletedTask;
                    }
                    var untilDeadline = deadline - clock.GetUtcNow();
                    await wakeups.WaitAsync(untilDeadline < quiet ? TimeSpan.FromTicks(Math.Max(0, untilDeadline.Ticks)) : quiet, exited, clock, stop)
                        .ConfigureAwait(false);
                    // A log written line after line is read at most every PollInterval, as when the runner polled.
                    var sinceRead = clock.GetUtcNow() - readAt;
                    if (sinceRead < PollInterval && !exited.IsCompleted)
                        await Task.Delay(PollInterval - sinceRead, clock, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                if (attempt.Container is { } running && !group.AllExited)
                    await running.StopAsync().ConfigureAwait(false);   // SIGTERM, then SIGKILL: killing the client alone would leave it
                if (pod is not null) await Task.Run(() => attempt.Container!.RemovePod(attempt.Number)).ConfigureAwait(false);
                // srun ends its remote tasks when sent SIGTERM; SIGKILL would leave them to Slurm's own timeout.
                if (throughSrun) await group.TerminateAsync(SrunGracePeriod).ConfigureAwait(false);
                group.KillAll();
                await group.WaitAllAsync().ConfigureAwait(false);
                await findingContainers.ConfigureAwait(false);
                reader.ReadOn(toEnd: true);   // the output's last lines, the last one even without its newline
                if (ending == AttemptEnding.Exited && (prunedAt is not null || StopRequest.Read(job) == StopKind.Prune))
                    ending = AttemptEnding.Pruned;
                try { await feedingStdin.ConfigureAwait(false); } catch (IOException) { }
                var efficiency = await monitor.FinishAsync().ConfigureAwait(false);
                int exitCode = group.ExitCode != 0 ? group.ExitCode : hostFailure ?? 0;
                bool writesFailed = writers.Any(w => w.WritesFailed) || shimRanks.Any(rank =>
                    AttemptShim.ReadExit(job.ExitFile(attempt.Number, perRankLogs ? rank.Global : null)) is { OutputLost: true });
                // Lines the log could not take are lost, metrics among them: such an attempt cannot count as completed.
                if (ending == AttemptEnding.Exited && (writesFailed || exitCode != 0 && writers.Any(w => w.DiskFull)))
                    ending = AttemptEnding.DiskFull;
                return (exitCode, ending, writesFailed, efficiency);
            }
        }
    }

    /// <summary>Whether this runner starts the job's ranks as one srun step (jobs of one process without GPUs run here).</summary>
    private bool UsesSrun(ResourcesSpec resources) => Srun is not null && resources.UsesRanks;

    /// <summary>
    /// One srun step for all ranks, run by one shim (its exit file is rank 0's): each task writes its output to its
    /// rank's log itself (<c>--output=…attempt-N.rank-%t.log</c>), so rank 0's log holds only rank 0's lines (and srun's
    /// own messages, which the shim appends).
    /// </summary>
    private ProcessStartInfo SrunStart(Attempt attempt, PreparedChannels channels, JobDirectory job)
    {
        var resources = attempt.Resources;
        var ports = FreePort.PickMany(resources.ProcessesPerHost + 1, System.Net.IPAddress.Any);
        var environment = new Dictionary<string, string>(attempt.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in RankEnvironment.For(new Rank(0, 0, 0), resources, Srun!.Hosts[0], ports[0], [],
                     Srun.Endpoints(resources, ports.Skip(1).ToList())))
            environment[name] = value;
        if (resources.GpusPerProcess > 0) environment.Remove("CUDA_VISIBLE_DEVICES");   // Slurm's, from --gres
        foreach (var (name, value) in attempt.Environment.Where(v => v.Key == "OMP_NUM_THREADS"))
            environment[name] = value;
        var hostPaths = Enumerable.Range(0, resources.InstanceCount).Select(channels.PathsForHost).ToList();
        string taskLogs = SrunRanks.TaskLogPattern(job.LogFile(attempt.Number, 0));
        IReadOnlyList<string> command;
        if (attempt.Container is { } container)
        {
            // Each task runs podman: the container is given the variables by name, with the paths it sees.
            var run = container.SrunTaskRun(environment);
            environment = new Dictionary<string, string>(run.Environment, StringComparer.Ordinal)
            {
                ["CONTAINERS_CONF"] = container.Engine.ConfigFile,
            };
            var insidePaths = hostPaths.Select(IReadOnlyDictionary<string, string> (paths) =>
                paths.ToDictionary(p => p.Key, p => container.InContainer(p.Value))).ToList();
            command = SrunRanks.Command(resources, insidePaths, taskLogs, [container.Engine.Program, .. run.RunArguments(container.Engine.Kind)], containerTask: true);
        }
        else command = SrunRanks.Command(resources, hostPaths, taskLogs, attempt.Command);
        return AttemptShim.StartInfo(command, attempt.WorkingDirectory, job.LogFile(attempt.Number, 0), job.ExitFile(attempt.Number, 0),
            environment, redirectStdin: false);
    }

    /// <summary>
    /// One rank's variables: the attempt's, the rank's (torchrun's, SageMaker's, its endpoints), its host's share of
    /// sharded channels, and the spec's own OMP_NUM_THREADS over the rank's.
    /// </summary>
    internal static Dictionary<string, string> RankEnvironmentOf(Rank rank, ResourcesSpec resources,
        IReadOnlyDictionary<string, string> attemptEnvironment, IReadOnlyDictionary<string, string> hostChannels, string masterAddress,
        int masterPort, IReadOnlyList<int> gpus, IReadOnlyList<string>? endpoints)
    {
        var environment = new Dictionary<string, string>(attemptEnvironment, StringComparer.Ordinal);
        foreach (var (name, value) in RankEnvironment.For(rank, resources, masterAddress, masterPort, gpus, endpoints))
            environment[name] = value;
        foreach (var (name, value) in hostChannels)
            JobEnvironment.SetChannel(environment, name, value);
        foreach (var (name, value) in attemptEnvironment.Where(v => v.Key == "OMP_NUM_THREADS"))
            environment[name] = value;   // the spec's own choice wins
        return environment;
    }

    /// <summary>
    /// The host process ids of the containers' first processes, looked for up to 5 s after their clients start (while
    /// the clients run).
    /// </summary>
    private static List<int> ContainerProcesses(ContainerJob container, IReadOnlyList<Process> clients)
    {
        var found = new List<int>();
        foreach (var name in container.Names)
            for (int i = 0; i < 50 && !clients.All(c => c.HasExited); i++)
            {
                if (container.Engine.MainProcessId(name) is { } pid) { found.Add(pid); break; }
                Thread.Sleep(100);
            }
        return found;
    }

    private static async Task FeedStdinAsync(Process process, string source)
    {
        await using (var input = File.OpenRead(source))
            await input.CopyToAsync(process.StandardInput.BaseStream).ConfigureAwait(false);
        process.StandardInput.Close();
    }
}
