using Caviar.Jobs.Channels;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Validation;

namespace Caviar.Jobs.Containers;

/// <summary>
/// A job from an image run directly as a pod's container (the Kubernetes launcher), with no Caviar runner beside it:
/// the launcher prepares the job directory as a runner would (hyperparameters.json as strings with the typed copy,
/// resourceconfig.json, File channels copied, the checkpoint dir) and the pod gets what <c>podman run</c> would: the
/// image, <c>train</c> or the spec's command, and the job's variables with the paths the container sees (the job
/// directory is mounted at /opt/ml). One container per pod: a job on several hosts is one pod per host, whose rank
/// variables the pod manifest fills in from its completion index.
/// </summary>
public sealed record ImagePod(string Image, IReadOnlyList<string>? Command, IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>
    /// Pods started again after one fails (the Job's <c>backoffLimit</c>), from the spec's
    /// <c>retryStrategy.maximumRetryAttempts</c>; each retry resumes from the job's checkpoints. Default 0.
    /// </summary>
    public int Retries { get; init; }

    /// <summary>The variables that differ from pod to pod of a job on several hosts (the manifest sets them per pod).</summary>
    public static readonly IReadOnlyList<string> PerPodVariables =
        ["RANK", "NODE_RANK", "GROUP_RANK", "CAVIAR_RANK", "SM_CURRENT_HOST", "CAVIAR_CURRENT_HOST"];

    /// <summary>
    /// Prepares <paramref name="request"/>'s job directory and returns its pod's container; <paramref name="masterAddress"/>
    /// is host 0's name (<c>MASTER_ADDR</c>). Refuses, naming the field, what one container per pod on a shared volume
    /// cannot do: several processes per host, Pipe and FastFile channels, a checkpoint dir outside the job directory.
    /// </summary>
    public static ImagePod Prepare(JobRequest request, string masterAddress)
    {
        var spec = request.Spec;
        if (spec.Image is null) throw new ArgumentException("the job has no image", nameof(request));
        if (spec.Resources.ProcessesPerHost > 1)
            throw new CaviarValidationException("resources.processesPerHost", "a job from an image on Kubernetes runs one container per pod (host): give instanceCount instead");
        if (spec.Channels.FirstOrDefault(c => c.InputMode is InputMode.Pipe or InputMode.FastFile) is { } channel)
            throw new CaviarValidationException("channels", $"channel '{channel.Name}': a pod reads its data from the job directory; use File mode on Kubernetes");
        var job = request.Directory;
        string checkpoints = spec.CheckpointDir is { } dir
            ? Path.GetFullPath(Path.Combine(request.BaseDirectory, dir)) : job.DefaultCheckpointDirectory;
        if (checkpoints != job.DefaultCheckpointDirectory)
            throw new CaviarValidationException("checkpointDir", "a pod sees only its job directory: leave checkpointDir out on Kubernetes");
        job.Create();
        var container = new ContainerJob(null, spec, request.JobName, job, request.BaseDirectory, checkpoints);
        container.WriteConfiguration(null);   // the request's spec has the trial's values merged in
        var channels = PreparedChannels.Prepare(spec.Channels, request.BaseDirectory, job, spec.Resources.InstanceCount);
        Directory.CreateDirectory(checkpoints);
        var environment = JobEnvironment.For(request.JobName, 0, job, checkpoints, channels.Paths, spec.Environment);
        JobEnvironment.SetInputDataConfig(environment, spec.Channels);
        foreach (var (name, value) in RankEnvironment.For(new Rank(0, 0, 0), spec.Resources, masterAddress, PodRanks.MasterPort,
                     Enumerable.Range(0, spec.Resources.GpusPerProcess).ToList()))   // the pod's GPUs, as it sees them
            environment[name] = value;
        environment.Remove("CUDA_VISIBLE_DEVICES");   // the device plugin gives the pod its GPUs, seen as 0, 1, …
        if (spec.Resources.InstanceCount > 1)
            foreach (var name in PerPodVariables) environment.Remove(name);
        bool commandGiven = spec.Command is { Count: > 0 };
        return new ImagePod(spec.Image, commandGiven ? spec.Command : null,
            commandGiven ? [] : [Caviar.Containers.SageMakerContract.TrainArgument], container.Inside(environment))
        {
            Retries = spec.RetryStrategy.MaximumRetryAttempts,
        };
    }
}
