using Caviar.Jobs.Distributed;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Running;

/// <summary>
/// Host N &gt; 0 of a job on several Kubernetes pods (<see cref="PodRanks"/>): the runner on host 0 owns the job
/// (status, metrics, retries, channels); this follows it through the shared job directory. For each attempt the
/// runner begins (status.json Running with a new attempt count) it starts this host's ranks with the same variables
/// the runner gives its own, logs them per rank, and records how they ended in the host's exit file, which ends the
/// attempt on the runner when not 0. When the runner moves on (a new attempt, or a final state) while these ranks
/// still run, they are killed: all or nothing. It returns once the job's status is final.
/// </summary>
public sealed class HostFollower(PodRanks pods, TimeProvider clock)
{
    /// <summary>How often the job's status and this host's processes are looked at.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public async Task<JobState> RunAsync(JobRequest request, CancellationToken stop = default)
    {
        var job = request.Directory;
        int lastAttempt = -1;
        while (true)
        {
            var status = JobStatus.Read(job.StatusFile);
            if (status is { State: not JobState.Running }) return status.State;
            if (stop.IsCancellationRequested) return JobState.Stopped;
            // The runner opens rank 0's log once the attempt's channels are in place and just before its ranks start.
            if (status is { Attempts: > 0 } && status.Attempts - 1 > lastAttempt && File.Exists(job.LogFile(status.Attempts - 1, 0)))
            {
                lastAttempt = status.Attempts - 1;
                await RunAttemptAsync(request, job, lastAttempt, stop).ConfigureAwait(false);
                continue;
            }
            await Task.Delay(PollInterval, clock, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task RunAttemptAsync(JobRequest request, JobDirectory job, int attempt, CancellationToken stop)
    {
        var spec = request.Spec;
        var resources = spec.Resources;
        var ranks = Rank.All(resources.InstanceCount, resources.ProcessesPerHost).Where(r => r.Node == pods.Node).ToList();
        string checkpoints = spec.CheckpointDir is { } dir ? Path.GetFullPath(Path.Combine(request.BaseDirectory, dir)) : job.DefaultCheckpointDirectory;
        var environment = JobEnvironment.For(request.JobName, attempt, job, checkpoints, ChannelPaths(spec, job), spec.Environment);
        JobEnvironment.SetInputDataConfig(environment, spec.Channels);
        string workingDirectory = Path.GetFullPath(Path.Combine(request.BaseDirectory, spec.WorkingDirectory ?? "."));
        var command = spec.Command is { Count: > 0 } given ? given : BuiltInAlgorithms.Command(spec.Algorithm!);
        var endpoints = pods.Endpoints(resources);
        var writers = ranks.Select(rank => new JobLogWriter(job.LogFile(attempt, rank.Global), Path.Combine(job.Root, "hosts", rank.Host + ".metrics.jsonl"),
            MetricParser.None(clock), null)).ToList();
        try
        {
            var gpus = ranks.Select(_ => (IReadOnlyList<int>)[]).ToList();
            if (resources.GpusPerProcess > 0)
            {
                // The pod's own devices (its nvidia.com/gpu limit), dealt out to its ranks.
                var devices = GpuInventory.Discover().Devices;
                gpus = ranks.Select((_, i) => (IReadOnlyList<int>)devices.Skip(i * resources.GpusPerProcess).Take(resources.GpusPerProcess).ToList()).ToList();
            }
            var starts = ranks.Select((rank, i) => TrainingJobRunner.RankStart(rank, resources, command, workingDirectory, environment,
                HostChannels(spec, job), pods.MasterAddress, PodRanks.MasterPort, gpus[i], endpoints, stdin: false)).ToList();
            using var group = ProcessGroup.Start(starts, writers.Select(w => (Action<string>)w.Line).ToList());
            while (!group.AllExited)
            {
                if (group.FirstFailedRank is not null) break;
                var status = JobStatus.Read(job.StatusFile);
                if (stop.IsCancellationRequested || status is null || status.State != JobState.Running || status.Attempts - 1 != attempt) break;
                try
                {
                    await Task.WhenAny(group.Processes.Select(p => p.WaitForExitAsync(CancellationToken.None)))
                        .WaitAsync(PollInterval).ConfigureAwait(false);
                }
                catch (TimeoutException) { }
            }
            group.KillAll();
            await group.WaitAllAsync().ConfigureAwait(false);
            int exitCode = group.FirstFailedRank is { } failed ? group.Processes[failed].ExitCode : 0;
            if (group.FirstFailedRank is { } rank) writers[rank].Line($"[caviar] rank {ranks[rank].Global} exited with code {exitCode}");
            PodRanks.WriteExit(job, pods.Node, attempt, exitCode);
        }
        finally
        {
            foreach (var writer in writers) writer.Dispose();
        }
    }

    /// <summary>The channels as the runner prepared them in the shared job directory (Pipe channels feed one process only).</summary>
    private static Dictionary<string, string> ChannelPaths(TrainingJobSpec spec, JobDirectory job) =>
        spec.Channels.ToDictionary(c => c.Name, c => job.ChannelPath(c.Name), StringComparer.Ordinal);

    /// <summary>This host's share of the channels sharded over the hosts.</summary>
    private Dictionary<string, string> HostChannels(TrainingJobSpec spec, JobDirectory job) =>
        spec.Channels.Where(c => c.Distribution == ChannelDistribution.ShardedByKey && spec.Resources.InstanceCount > 1
                                 && Directory.Exists(job.HostChannelPath(c.Name, pods.Node)))
            .ToDictionary(c => c.Name, c => job.HostChannelPath(c.Name, pods.Node), StringComparer.Ordinal);
}
