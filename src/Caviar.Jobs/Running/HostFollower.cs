using Caviar.Jobs.Distributed;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Running;

/// <summary>
/// Host N &gt; 0 of a job on several Kubernetes pods (<see cref="PodRanks"/>): the runner on host 0 owns the job
/// (status, metrics, retries, channels); this follows it through the shared job directory. For each attempt the
/// runner begins (status.json Running with a new attempt count) it starts this host's ranks with the same variables
/// the runner gives its own, each under the attempt shim (<see cref="AttemptShim"/>): the shim appends the rank's
/// output to its log and writes how it ended to the rank's exit file, which the runner reads (one not 0 ends the
/// attempt). When the runner moves on (a new attempt, or a final state) while these ranks
/// still run, they are killed: all or nothing. It returns once the job's status is final.
/// </summary>
internal sealed class HostFollower(PodRanks pods, TimeProvider clock)
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
            // The runner makes rank 0's exit file once the attempt's channels are in place, just before its ranks start.
            if (status is { Attempts: > 0 } && status.Attempts - 1 > lastAttempt && File.Exists(job.ExitFile(status.Attempts - 1, 0)))
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
        var gpus = ranks.Select(_ => (IReadOnlyList<int>)[]).ToList();
        if (resources.GpusPerProcess > 0)
        {
            // The pod's own devices (its nvidia.com/gpu limit), dealt out to its ranks.
            var devices = GpuInventory.Discover().Devices;
            gpus = ranks.Select((_, i) => (IReadOnlyList<int>)devices.Skip(i * resources.GpusPerProcess).Take(resources.GpusPerProcess).ToList()).ToList();
        }
        var starts = ranks.Select((rank, i) => AttemptShim.StartInfo(command, workingDirectory, job.LogFile(attempt, rank.Global),
            job.ExitFile(attempt, rank.Global), TrainingJobRunner.RankEnvironmentOf(rank, resources, environment, HostChannels(spec, job),
                pods.MasterAddress, PodRanks.MasterPort, gpus[i], endpoints), redirectStdin: false)).ToList();
        foreach (var rank in ranks) AttemptShim.PrepareExitFile(job.ExitFile(attempt, rank.Global));
        using var group = ProcessGroup.Start(starts);
        while (!group.AllExited)
        {
            if (group.FirstFailedRank is not null) break;
            var status = JobStatus.Read(job.StatusFile);
            if (stop.IsCancellationRequested || status is null || status.State != JobState.Running || status.Attempts - 1 != attempt) break;
            try
            {
                await Task.WhenAny(group.Processes.Select(p => p.WaitForExitAsync(CancellationToken.None)))
                    .WaitAsync(PollInterval, clock).ConfigureAwait(false);
            }
            catch (TimeoutException) { }
        }
        group.KillAll();   // the others' shims die with them: only a rank that ended on its own has its end written
        await group.WaitAllAsync().ConfigureAwait(false);
        if (group.FirstFailedRank is { } failed)
        {
            try
            {
                File.AppendAllText(job.LogFile(attempt, ranks[failed].Global),
                    $"{LogTail.RunnerPrefix}rank {ranks[failed].Global} exited with code {group.Processes[failed].ExitCode}\n");
            }
            catch (IOException error) when (DiskSpace.IsFull(error)) { }
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
