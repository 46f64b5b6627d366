using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Caviar.Jobs.Launching;

/// <summary>Where and how trial jobs run on Kubernetes; defaults on each property.</summary>
public sealed record KubernetesSettings
{
    public string Namespace { get; init; } = "default";
    /// <summary>An image with the caviar command (and whatever the training scripts need).</summary>
    public string Image { get; init; } = "caviar:latest";
    /// <summary>The command inside the image that starts caviar. Default ["caviar"].</summary>
    public List<string> RunnerCommand { get; init; } = ["caviar"];
    /// <summary>A PersistentVolumeClaim mounted at the same path as the artifacts folder here, shared with the pods.</summary>
    public string ArtifactsClaim { get; init; } = "caviar-artifacts";
    /// <summary>Container CPU request. Default "1".</summary>
    public string Cpu { get; init; } = "1";
    /// <summary>Container memory request. Default "2Gi".</summary>
    public string Memory { get; init; } = "2Gi";
}

/// <summary>
/// Runs each job's runner as a Kubernetes Job (batch/v1) whose pod mounts the artifacts volume and runs
/// <c>caviar job-run DIR</c>; watched through the job directory and the Job's status. A stop request deletes a Job
/// whose pod has not started yet; a started one sees the stop file itself.
/// </summary>
public sealed class KubernetesLauncher(IKubernetes client, KubernetesSettings settings, string artifactsRoot) : DetachedRunnerLauncher
{
    /// <summary>The Job for one trial's runner, as it is sent to the API.</summary>
    public V1Job Manifest(string jobDirectory)
    {
        string name = JobName(jobDirectory);
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "caviar", ["caviar/job"] = Path.GetFileName(jobDirectory) };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = settings.Namespace, Labels = labels },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,   // the runner retries attempts itself, from checkpoints
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "runner",
                                Image = settings.Image,
                                Command = [.. settings.RunnerCommand, RunnerVerb, jobDirectory],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity>
                                    {
                                        ["cpu"] = new(settings.Cpu), ["memory"] = new(settings.Memory),
                                    },
                                },
                                VolumeMounts = [new V1VolumeMount { Name = "artifacts", MountPath = artifactsRoot }],
                            },
                        ],
                        Volumes =
                        [
                            new V1Volume
                            {
                                Name = "artifacts",
                                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = settings.ArtifactsClaim },
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>Kubernetes names: lower case, at most 63 characters, from the job directory's name.</summary>
    public static string JobName(string jobDirectory)
    {
        var name = new string(("caviar-" + Path.GetFileName(jobDirectory)).ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return name.Length <= 63 ? name.TrimEnd('-') : name[..63].TrimEnd('-');
    }

    protected override void StartRunner(string jobDirectory)
    {
        try
        {
            client.BatchV1.DeleteNamespacedJob(JobName(jobDirectory), settings.Namespace, propagationPolicy: "Background");
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound) { }
        client.BatchV1.CreateNamespacedJob(Manifest(jobDirectory), settings.Namespace);
    }

    protected override bool RunnerAlive(JobStatus? status, JobDirectory job)
    {
        V1Job current;
        try
        {
            current = client.BatchV1.ReadNamespacedJobStatus(JobName(job.Root), settings.Namespace);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
        bool finished = (current.Status?.Succeeded ?? 0) > 0 || (current.Status?.Failed ?? 0) > 0;
        if (!finished && File.Exists(job.StopRequestFile) && (current.Status?.Active ?? 0) == 0)
        {
            client.BatchV1.DeleteNamespacedJob(JobName(job.Root), settings.Namespace, propagationPolicy: "Background");
            return false;
        }
        return !finished;
    }
}
