using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Caviar.Containers;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Containers;

/// <summary>
/// A training job run from an image (<see cref="TrainingJobSpec.Image"/>): the job directory is mounted at /opt/ml
/// (it has SageMaker's layout already), a checkpoint dir outside it at /opt/ml/checkpoints, and each FastFile
/// channel's source read-only at its own path (the channel's link then resolves inside the container). The job's
/// variables are given with their paths as the container sees them. The container is named after the job and its
/// directory, so a container left by a killed runner is found, and removed, before the next attempt starts. A job of
/// several processes runs one container per rank, all in one pod per attempt (<see cref="PodName"/>): they share the
/// pod's network namespace (the spec's network), so rank 0 is at 127.0.0.1 for every rank.
/// </summary>
internal sealed class ContainerJob(ContainerEngine? engineOrNone, TrainingJobSpec spec, string jobName, JobDirectory job,
    string baseDirectory, string checkpoints)
{
    /// <summary>How long a stopped container (stop request, max runtime, pruned) gets after SIGTERM before SIGKILL. 10 s.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    /// <summary>The engine; a job whose image runs elsewhere (a Kubernetes pod, <see cref="ImagePod"/>) has none.</summary>
    public ContainerEngine Engine => engineOrNone ?? throw new InvalidOperationException("this image job runs without a local engine");

    /// <summary>The containers of the job's processes, rank by rank.</summary>
    public IReadOnlyList<string> Names =>
        Enumerable.Range(0, spec.Resources.WorldSize).Select(rank => NameFor(jobName, job, rank)).ToList();

    /// <summary>caviar-JOB-HASH-RANK: HASH is of the job directory, so two artifact roots with the same job name never clash.</summary>
    public static string NameFor(string jobName, JobDirectory job, int rank) =>
        $"{BaseName(jobName, job)}-{rank.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>caviar-JOB-HASH, what every container and pod of the job is named after.</summary>
    private static string BaseName(string jobName, JobDirectory job) =>
        $"caviar-{jobName}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(job.Root)))[..8]}";

    /// <summary>The pod of attempt <paramref name="attempt"/>'s containers: caviar-JOB-HASH-aN.</summary>
    public string PodName(int attempt) =>
        $"{BaseName(jobName, job)}-a{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Creates attempt <paramref name="attempt"/>'s pod (a pod of that name left by an earlier runner is removed first).</summary>
    public string StartPod(int attempt)
    {
        string name = PodName(attempt);
        Engine.CreatePod(name, spec.Network ?? ContainerNetwork.None, Labels);
        return name;
    }

    /// <summary>Removes attempt <paramref name="attempt"/>'s pod with whatever it still holds.</summary>
    public void RemovePod(int attempt) => Engine.RemovePods([PodName(attempt)]);

    /// <summary>hyperparameters.json (strings), caviar-hyperparameters.json (typed) and resourceconfig.json.</summary>
    public void WriteConfiguration(IReadOnlyDictionary<string, object>? tuned)
    {
        HyperParameterFile.WriteForContainer(job, spec.HyperParameters, tuned);
        var hosts = Enumerable.Range(0, spec.Resources.InstanceCount).Select(Rank.HostName).ToList();
        HyperParameterFile.Save(job.ResourceConfigFile, SageMakerContract.ResourceConfig(hosts[0], hosts));
    }

    /// <summary>Removes the job's containers left by an earlier runner; true when there was one.</summary>
    public bool RemoveLeftovers()
    {
        var present = Names.Where(Engine.ContainerExists).ToList();
        Engine.StopAndRemove(present, TimeSpan.Zero);
        var pods = spec.Resources.WorldSize > 1 ? Engine.PodsLabelled(JobDirectoryLabel, job.Root) : [];
        Engine.RemovePods(pods);
        return present.Count + pods.Count > 0;
    }

    /// <summary>Stops the job's containers (SIGTERM, then SIGKILL after <see cref="StopGrace"/>) and removes them.</summary>
    public Task StopAsync() => Task.Run(() => Engine.StopAndRemove(Names, StopGrace));

    /// <summary>The start of rank <paramref name="rank"/>'s container with the job's <paramref name="environment"/> (host paths).</summary>
    public ProcessStartInfo StartInfo(Rank rank, IReadOnlyDictionary<string, string> environment, IReadOnlyList<int> gpus,
        bool stdin, string? pod) => Engine.StartInfo(Run(rank, environment, gpus, stdin, pod));

    /// <summary>Rank <paramref name="rank"/>'s container, in <paramref name="pod"/> when given.</summary>
    public ContainerRun Run(Rank rank, IReadOnlyDictionary<string, string> environment, IReadOnlyList<int> gpus, bool stdin,
        string? pod = null)
    {
        var inside = Inside(environment);
        if (gpus.Count > 0)   // the devices passed through are numbered from 0 inside
            inside["CUDA_VISIBLE_DEVICES"] = string.Join(",", Enumerable.Range(0, gpus.Count));
        return Run(NameFor(jobName, job, rank.Global), inside, stdin) with { Pod = pod, Gpus = gpus };
    }

    /// <summary>
    /// The container every task of an srun step runs (<see cref="SrunRanks.Prologue"/> with containers: the task's
    /// prologue puts its rank into the name and its GPUs as devices). Its ranks reach each other, possibly on other
    /// nodes, through the host's network. <paramref name="environment"/> holds the host's paths; the run's
    /// <see cref="ContainerRun.Environment"/> is what the tasks must be given (the container's paths).
    /// </summary>
    public ContainerRun SrunTaskRun(IReadOnlyDictionary<string, string> environment)
    {
        var inside = Inside(environment);
        foreach (var name in SrunRanks.TaskVariables) inside.TryAdd(name, "");   // set by each task's prologue
        if (spec.Resources.GpusPerProcess > 0)
            foreach (var name in new[] { "CUDA_VISIBLE_DEVICES", "SM_NUM_GPUS", "CAVIAR_NUM_GPUS" }) inside.TryAdd(name, "");
        return Run($"{BaseName(jobName, job)}-{SrunRanks.RankPlaceholder}", inside, stdin: false) with
        {
            Network = ContainerNetwork.Host,
            EngineArguments = spec.Resources.GpusPerProcess > 0 ? [SrunRanks.GpuDevicesPlaceholder] : [],
        };
    }

    /// <summary>The job's variables as the container sees them: host paths under the job (or checkpoint) directory moved to /opt/ml, SageMaker's own added.</summary>
    public Dictionary<string, string> Inside(IReadOnlyDictionary<string, string> environment)
    {
        var inside = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment) inside[name] = InContainer(value);
        inside["CAVIAR_HYPERPARAMETERS"] = $"{SageMakerContract.ConfigDirectory}/{Path.GetFileName(job.TypedHyperParametersFile)}";
        inside["SM_INPUT_DIR"] = SageMakerContract.InputDirectory;
        inside["SM_INPUT_CONFIG_DIR"] = SageMakerContract.ConfigDirectory;
        inside["SM_INPUT_DATA_DIR"] = SageMakerContract.DataDirectory;
        inside["SM_CHANNELS"] = JsonSerializer.Serialize(spec.Channels.Select(c => c.Name));
        return inside;
    }

    private ContainerRun Run(string name, Dictionary<string, string> inside, bool stdin)
    {
        bool commandGiven = spec.Command is { Count: > 0 };
        return new ContainerRun
        {
            Image = spec.Image!,
            Name = name,
            Command = commandGiven ? spec.Command : null,
            Arguments = commandGiven ? [] : [SageMakerContract.TrainArgument],
            Mounts = Mounts(),
            Environment = inside,
            Network = spec.Network ?? ContainerNetwork.None,
            Cpus = spec.Resources.CpusPerProcess,
            MemoryBytes = spec.Resources.MemoryMegabytesPerProcess is { } mib ? mib * 1024L * 1024L : null,
            Interactive = stdin,
            Labels = Labels,
        };
    }

    /// <summary>The label that names a container's or pod's job directory.</summary>
    private const string JobDirectoryLabel = "caviar.job-dir";

    private Dictionary<string, string> Labels => new() { ["caviar.job"] = jobName, [JobDirectoryLabel] = job.Root };

    private List<BindMount> Mounts()
    {
        var mounts = new List<BindMount> { new(job.Root, SageMakerContract.Root) };
        if (!IsUnder(checkpoints, job.Root)) mounts.Add(new BindMount(checkpoints, SageMakerContract.CheckpointDirectory));
        foreach (var channel in spec.Channels.Where(c => c.InputMode == InputMode.FastFile))
        {
            string source = Path.GetFullPath(Path.Combine(baseDirectory, channel.Path));
            mounts.Add(new BindMount(source, source, ReadOnly: true));
        }
        return mounts;
    }

    /// <summary>A host path under the job directory (or the checkpoint dir) as the container sees it; other values as they are.</summary>
    public string InContainer(string value)
    {
        if (IsUnder(value, job.Root)) return SageMakerContract.Root + value[job.Root.Length..];
        if (IsUnder(value, checkpoints)) return SageMakerContract.CheckpointDirectory + value[checkpoints.Length..];
        return value;
    }

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}
