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
    public SrunRanks? Srun { get; init; }

    /// <summary>
    /// This runner's pod in a Kubernetes Indexed Job (host 0): it starts only host 0's ranks and reads how the other
    /// hosts' ranks ended from their exit files; null runs every rank here. Default null.
    /// </summary>
    public PodRanks? Pods { get; init; }

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
                    channels = PreparedChannels.Prepare(spec.Channels, baseDirectory, job, spec.Resources.InstanceCount);
                    checkpoints = spec.CheckpointDir is { } dir
                        ? Path.GetFullPath(Path.Combine(baseDirectory, dir)) : job.DefaultCheckpointDirectory;
                    Directory.CreateDirectory(checkpoints);
                }
                if (File.Exists(job.FailureFile)) File.Delete(job.FailureFile);

                var environment = JobEnvironment.For(jobName, attempt, job, checkpoints, channels.Paths, spec.Environment);
                JobEnvironment.SetInputDataConfig(environment, spec.Channels);
                var running = status;
                EfficiencySummary efficiency;
                (exitCode, ending, linesLost, efficiency) = await RunAttemptAsync(
                    new Attempt(attempt, command, workingDirectory, environment, spec.Resources), channels, job, parser,
                    reported, onMetric, deadline,
                    pids => RecordJobProcess(job, running with { JobProcessId = pids[0], JobProcessIds = [.. pids] }),
                    stop).ConfigureAwait(false);
                status = status with { Efficiency = status.Efficiency is { } earlier ? earlier.Add(efficiency) : efficiency };
            }
            catch (IOException error) when (DiskSpace.IsFull(error))
            {
                (exitCode, ending) = (1, AttemptEnding.DiskFull);
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
            string reason = ending == AttemptEnding.DiskFull ? DiskSpace.NoSpaceReason : FailureReason(job, exitCode);
            if (attemptsLeft <= 0)
                return Finish(job, status with { State = JobState.Failed, FailureReason = reason });
            TryAppend(job.LogFile(attempt, spec.Resources.WorldSize > 1 ? 0 : null), $"[caviar] attempt {attempt} failed ({reason}); retrying\n");
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

    private sealed record Attempt(int Number, IReadOnlyList<string> Command, string WorkingDirectory,
        Dictionary<string, string> Environment, ResourcesSpec Resources);

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
        try
        {
            // Through srun, Slurm gives the tasks their GPUs (--gres); here the allocator does.
            bool throughSrun = Srun is not null && resources.UsesRanks;
            int gpusHere = throughSrun ? 0 : resources.GpusPerProcess;
            gpuAllocator ??= gpusHere > 0
                ? new GpuAllocator(GpuInventory.Discover(), GpuAllocator.DefaultLockDirectory, clock) : null;
            using var gpus = await (gpuAllocator ?? GpuAllocator.NoGpus(clock))
                .AcquireAsync(ranks.Count, gpusHere, message => log.Line("[caviar] " + message), stop)
                .ConfigureAwait(false);
            List<ProcessStartInfo> starts;
            List<Action<string>> sinks;
            if (throughSrun)
                (starts, sinks) = SrunStart(attempt, channels, writers);
            else
            {
                // Rank 0's rendezvous port, then one port per rank for peer-to-peer networks (LightGBM's), all distinct.
                // A pod has its own network: there the ports are fixed and the addresses are the pods' stable names.
                var ports = Pods is not null ? [PodRanks.MasterPort] : FreePort.PickMany(perRankLogs ? resources.WorldSize + 1 : 1);
                string masterAddress = Pods?.MasterAddress ?? "127.0.0.1";
                var endpoints = Pods?.Endpoints(resources) ?? (perRankLogs ? RankEnvironment.Endpoints("127.0.0.1", ports.Skip(1).ToList()) : null);
                starts = ranks.Select((rank, index) => RankStart(rank, resources, attempt.Command, attempt.WorkingDirectory,
                    attempt.Environment, channels.PathsForHost(rank.Node), masterAddress, ports[0], gpus.ByProcess[index], endpoints,
                    rank.Global == 0 && channels.StdinSource is not null)).ToList();
                sinks = writers.Select(w => (Action<string>)w.Line).ToList();
            }

            await using var pipes = channels.StartPipes();
            ProcessGroup group;
            try
            {
                group = ProcessGroup.Start(starts, sinks);
            }
            catch (System.ComponentModel.Win32Exception error)
            {
                File.WriteAllText(job.FailureFile, $"cannot start '{attempt.Command[0]}': {error.Message}");
                return (127, AttemptEnding.Exited, false, new EfficiencySummary());
            }
            using (group)
            {
                var ids = group.Processes.Select(p => p.Id).ToList();
                onStarted(ids);
                await using var monitor = new EfficiencyMonitor(() => ids, gpus.ByProcess.SelectMany(d => d).ToList(),
                    ranks.Count * resources.CpusPerProcess, job.MetricsFile, clock, EfficiencyMonitor.DefaultInterval);
                var feedingStdin = channels.StdinSource is { } source ? FeedStdinAsync(group.Processes[0], source) : Task.CompletedTask;

                var ending = AttemptEnding.Exited;
                DateTimeOffset? prunedAt = null;
                int? hostFailure = null;
                while (!group.AllExited || Pods is not null && Pods.OtherHostsExits(job, attempt.Number).Count < Pods.Hosts.Count - 1)
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
                    else if (writers.Any(w => w.WritesFailed)) ending = AttemptEnding.DiskFull;   // its log and metrics would be lost
                    if (ending != AttemptEnding.Exited) break;
                    if (group.FirstFailedRank is { } failed && perRankLogs)
                    {
                        string message = throughSrun
                            ? $"[caviar] srun exited with code {group.Processes[failed].ExitCode}; Slurm ends the step's other tasks"
                            : $"[caviar] rank {failed} exited with code {group.Processes[failed].ExitCode}; stopping the job's other processes";
                        log.Line(message);
                        if (failed != 0) writers[failed].Line(message);
                        break;
                    }
                    if (Pods?.OtherHostsExits(job, attempt.Number).FirstOrDefault(e => e.Value != 0) is { Value: not 0 } hostExit)
                    {
                        log.Line($"[caviar] host {Rank.HostName(hostExit.Key)}'s ranks ended with code {hostExit.Value}; stopping this host's processes");
                        hostFailure = hostExit.Value;
                        break;
                    }
                    if (group.AllExited)
                    {
                        await Task.Delay(PollInterval, clock, CancellationToken.None).ConfigureAwait(false);   // waiting for the other hosts
                        continue;
                    }
                    try
                    {
                        await Task.WhenAny(group.Processes.Select(p => p.WaitForExitAsync(CancellationToken.None)))
                            .WaitAsync(PollInterval).ConfigureAwait(false);
                    }
                    catch (TimeoutException) { }
                }
                // srun ends its remote tasks when sent SIGTERM; SIGKILL would leave them to Slurm's own timeout.
                if (throughSrun) await group.TerminateAsync(SrunGracePeriod).ConfigureAwait(false);
                group.KillAll();
                await group.WaitAllAsync().ConfigureAwait(false);   // the output's last lines reach the logs
                log.Reported(reported.ReadNew());
                if (ending == AttemptEnding.Exited && (prunedAt is not null || StopRequest.Read(job) == StopKind.Prune))
                    ending = AttemptEnding.Pruned;
                try { await feedingStdin.ConfigureAwait(false); } catch (IOException) { }
                var efficiency = await monitor.FinishAsync().ConfigureAwait(false);
                int exitCode = group.ExitCode != 0 ? group.ExitCode : hostFailure ?? 0;
                bool writesFailed = writers.Any(w => w.WritesFailed);
                // Lines the log could not take are lost, metrics among them: such an attempt cannot count as completed.
                if (ending == AttemptEnding.Exited && (writesFailed || exitCode != 0 && writers.Any(w => w.DiskFull)))
                    ending = AttemptEnding.DiskFull;
                return (exitCode, ending, writesFailed, efficiency);
            }
        }
        finally
        {
            foreach (var writer in writers) writer.Dispose();
        }
    }

    /// <summary>One srun step for all ranks; its labelled lines go to each rank's log (unlabelled ones, srun's own, to rank 0's).</summary>
    private (List<ProcessStartInfo>, List<Action<string>>) SrunStart(Attempt attempt, PreparedChannels channels, List<JobLogWriter> writers)
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
        var command = SrunRanks.Command(resources, hostPaths, attempt.Command);
        Action<string> sink = line =>
        {
            if (SrunRanks.SplitLabel(line) is { } labelled && labelled.Rank < writers.Count) writers[labelled.Rank].Line(labelled.Text);
            else writers[0].Line(line);
        };
        return ([StartInfo(command, attempt.WorkingDirectory, environment, stdin: false)], [sink]);
    }

    /// <summary>
    /// How one rank is started: the attempt's variables, the rank's (torchrun's, SageMaker's, its endpoints), its host's
    /// share of sharded channels, and the spec's own OMP_NUM_THREADS over the rank's.
    /// </summary>
    internal static ProcessStartInfo RankStart(Rank rank, ResourcesSpec resources, IReadOnlyList<string> command, string workingDirectory,
        IReadOnlyDictionary<string, string> attemptEnvironment, IReadOnlyDictionary<string, string> hostChannels, string masterAddress,
        int masterPort, IReadOnlyList<int> gpus, IReadOnlyList<string>? endpoints, bool stdin)
    {
        var environment = new Dictionary<string, string>(attemptEnvironment, StringComparer.Ordinal);
        foreach (var (name, value) in RankEnvironment.For(rank, resources, masterAddress, masterPort, gpus, endpoints))
            environment[name] = value;
        foreach (var (name, value) in hostChannels)
            JobEnvironment.SetChannel(environment, name, value);
        foreach (var (name, value) in attemptEnvironment.Where(v => v.Key == "OMP_NUM_THREADS"))
            environment[name] = value;   // the spec's own choice wins
        return StartInfo(command, workingDirectory, environment, stdin);
    }

    private static ProcessStartInfo StartInfo(IReadOnlyList<string> command, string workingDirectory, Dictionary<string, string> environment, bool stdin)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
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
