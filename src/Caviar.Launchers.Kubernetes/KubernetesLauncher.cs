using System.Collections.Concurrent;
using Caviar.Jobs.Containers;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Caviar.Launchers.Kubernetes;

/// <summary>
/// Runs each job's runner as a Kubernetes Job (batch/v1) whose pod mounts the artifacts volume and runs
/// <c>caviar job-run DIR</c>; watched through the job directory and the Job's status. A stop request deletes a Job
/// whose pod has not started yet; a started one sees the stop file itself. A job from an image has no runner: the
/// launcher reads its metrics from the pod's log, writes its end from the Job's status, and deletes its Job when asked
/// to stop. <paramref name="clock"/> times its polls (default the system clock).
/// </summary>
public sealed class KubernetesLauncher(IKubernetes client, KubernetesLauncherOptions settings, string artifactsRoot, TimeProvider? clock = null)
    : DetachedRunnerLauncher(clock)
{
    /// <summary>The name of the container that runs a job's image in its pod.</summary>
    public const string ImageContainerName = "algorithm";

    /// <summary>How often the log of a running job's pod is read for its metrics, at the most (each read is the whole log).</summary>
    public static readonly TimeSpan LogReadInterval = TimeSpan.FromSeconds(1);

    private const string CompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";

    private readonly ConcurrentDictionary<string, PodLogMetrics> _podLogs = new(StringComparer.Ordinal);

    /// <summary>
    /// The Job for one trial's runner, as it is sent to the API. A job on several hosts (<see cref="ResourcesSpec"/>)
    /// is an Indexed Job of one pod per host (completions = parallelism = instanceCount): pod i is host i
    /// (<c>CAVIAR_NODE_RANK</c> from its completion index), reachable as <c>NAME-i.NAME</c> through the headless
    /// Service of <see cref="Service"/>; rank 0's pod runs the job's runner and the others run their host's
    /// processes for it. Each pod asks for its processes' CPUs and, with GPUs, <c>nvidia.com/gpu</c> limits. A job
    /// from an image (<paramref name="image"/>, see <see cref="ImagePod"/>) runs that image instead of a runner, with
    /// SageMaker's contract: the job directory (a sub-path of the artifacts volume) at /opt/ml, <c>train</c> or the
    /// spec's command, the job's variables (each pod's rank from its completion index), <c>cpusPerProcess</c> and
    /// <c>memoryMegabytesPerProcess</c> as requests and limits.
    /// </summary>
    public V1Job Manifest(string jobDirectory, ResourcesSpec? resources = null, ImagePod? image = null)
    {
        resources ??= new ResourcesSpec();
        string name = JobName(jobDirectory);
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "caviar", ["caviar/job"] = Path.GetFileName(jobDirectory) };
        bool indexed = resources.InstanceCount > 1;
        var requests = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = resources.UsesRanks ? new(Text(resources.ProcessesPerHost * resources.CpusPerProcess)) : new(settings.Cpu),
            ["memory"] = new(settings.Memory),
        };
        Dictionary<string, ResourceQuantity>? limits = resources.GpusPerProcess > 0
            ? new() { ["nvidia.com/gpu"] = new(Text(resources.GpusPerProcess * resources.ProcessesPerHost)) }
            : null;
        if (image is not null)
        {
            if (resources.MemoryMegabytesPerProcess is { } mib) requests["memory"] = new($"{Text(mib)}Mi");
            limits = new Dictionary<string, ResourceQuantity>(limits ?? [])
            {
                ["cpu"] = new(Text(resources.CpusPerProcess)),
            };
            if (resources.MemoryMegabytesPerProcess is { } limit) limits["memory"] = new($"{Text(limit)}Mi");
        }
        var environment = new List<V1EnvVar>();
        if (image is not null)
            environment.AddRange(image.Environment.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new V1EnvVar { Name = v.Key, Value = v.Value }));
        if (image is not null && indexed)
            environment.AddRange(ImagePod.PerPodVariables.Where(v => v is "RANK" or "NODE_RANK" or "GROUP_RANK" or "CAVIAR_RANK")
                .Select(v => new V1EnvVar { Name = v, ValueFrom = CompletionIndex() }));
        else if (indexed)
        {
            environment.Add(new V1EnvVar
            {
                Name = NodeRankVariable,
                ValueFrom = CompletionIndex(),
            });
            environment.Add(new V1EnvVar { Name = NodeHostsVariable, Value = string.Join(",", PodHosts(name, resources.InstanceCount)) });
        }
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = settings.Namespace, Labels = labels },
            Spec = new V1JobSpec
            {
                BackoffLimit = image?.Retries ?? 0,   // a runner retries attempts itself, from checkpoints; an image's pod is retried by the Job
                CompletionMode = indexed ? "Indexed" : null,
                Completions = indexed ? resources.InstanceCount : null,
                Parallelism = indexed ? resources.InstanceCount : null,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Subdomain = indexed ? name : null,   // pod i answers as NAME-i.NAME through the headless Service
                        Containers =
                        [
                            image is not null ? new V1Container
                            {
                                Name = ImageContainerName,
                                Image = image.Image,
                                Command = image.Command?.ToList(),
                                Args = image.Arguments.Count > 0 ? image.Arguments.ToList() : null,
                                Env = environment,
                                Resources = new V1ResourceRequirements { Requests = requests, Limits = limits },
                                VolumeMounts =
                                [
                                    new V1VolumeMount
                                    {
                                        Name = "artifacts", MountPath = Caviar.Containers.SageMakerContract.Root,
                                        SubPath = Path.GetRelativePath(artifactsRoot, jobDirectory),
                                    },
                                ],
                            } : new V1Container
                            {
                                Name = "runner",
                                Image = settings.Image,
                                Command = [.. settings.RunnerCommand, RunnerVerb, jobDirectory],
                                Env = environment.Count > 0 ? environment : null,
                                Resources = new V1ResourceRequirements { Requests = requests, Limits = limits },
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

    /// <summary>
    /// The headless Service (no cluster IP) that gives the pods of a job on several hosts stable names, rank 0's
    /// among them (<c>MASTER_ADDR</c> = <c>NAME-0.NAME</c>); it selects the job's pods by their label.
    /// </summary>
    public V1Service Service(string jobDirectory)
    {
        string name = JobName(jobDirectory);
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta
            {
                Name = name, NamespaceProperty = settings.Namespace,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "caviar", ["caviar/job"] = Path.GetFileName(jobDirectory) },
            },
            Spec = new V1ServiceSpec
            {
                ClusterIP = "None",
                Selector = new Dictionary<string, string> { ["caviar/job"] = Path.GetFileName(jobDirectory) },
                PublishNotReadyAddresses = true,   // ranks meet before any readiness
                Ports = [new V1ServicePort { Name = "rendezvous", Port = Caviar.Jobs.Distributed.PodRanks.MasterPort }],
            },
        };
    }

    private static V1EnvVarSource CompletionIndex() => new()
    {
        FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.annotations['{CompletionIndexAnnotation}']" },
    };

    /// <summary>The variable that tells a pod which host of the job it is (its Indexed Job completion index).</summary>
    public const string NodeRankVariable = "CAVIAR_NODE_RANK";   // read by Distributed.PodRanks

    /// <summary>The variable listing every pod's stable name, host 0 first.</summary>
    public const string NodeHostsVariable = "CAVIAR_NODE_HOSTS";

    /// <summary>Pod i's name through the headless Service: NAME-i.NAME.</summary>
    public static IReadOnlyList<string> PodHosts(string jobName, int hosts) =>
        Enumerable.Range(0, hosts).Select(i => $"{jobName}-{Text(i)}.{jobName}").ToList();

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Kubernetes names: lower case, at most 63 characters, from the job directory's name.</summary>
    public static string JobName(string jobDirectory)
    {
        var name = new string(("caviar-" + Path.GetFileName(jobDirectory)).ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return name.Length <= 63 ? name.TrimEnd('-') : name[..63].TrimEnd('-');
    }

    /// <summary>Creates the Kubernetes Job (and, for several hosts, its headless Service) that runs the job's runner.</summary>
    protected override void StartRunner(string jobDirectory)
    {
        var request = JobRequest.Read(jobDirectory);
        var resources = request.Spec.Resources;
        var image = request.Spec.Image is null ? null
            : ImagePod.Prepare(request, PodHosts(JobName(jobDirectory), resources.InstanceCount)[0]);
        try
        {
            client.BatchV1.DeleteNamespacedJob(JobName(jobDirectory), settings.Namespace, propagationPolicy: "Background");
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound) { }
        if (resources.InstanceCount > 1)
        {
            try
            {
                client.CoreV1.DeleteNamespacedService(JobName(jobDirectory), settings.Namespace);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound) { }
        }
        var manifest = Manifest(jobDirectory, resources, image);
        if (image is not null)   // no runner watches the clock: the Job ends the pod at the max runtime (reason DeadlineExceeded)
            manifest.Spec.ActiveDeadlineSeconds = (long)Math.Ceiling(request.Spec.StoppingCondition.MaxRuntimeSeconds);
        var created = client.BatchV1.CreateNamespacedJob(manifest, settings.Namespace);
        if (resources.InstanceCount <= 1) return;
        // Owned by the Job, so Kubernetes deletes the Service with it.
        var service = Service(jobDirectory);
        service.Metadata.OwnerReferences =
        [
            new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = created.Metadata.Name, Uid = created.Metadata.Uid },
        ];
        try
        {
            client.CoreV1.CreateNamespacedService(service, settings.Namespace);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.Conflict) { }   // an earlier run's, not yet collected
    }

    /// <summary>
    /// Writes the end of a job from an image (no runner wrote it): <paramref name="state"/>, the metrics read from its
    /// pods' logs, and for a failure the failure file's reason.
    /// </summary>
    private void ImageJobEnded(JobDirectory job, V1Job current, JobState state, int attempts, string? reason = null)
    {
        _podLogs.TryRemove(job.Root, out _);
        var now = Clock.GetUtcNow();
        var status = new JobStatus
        {
            JobName = Path.GetFileName(job.Root), Attempts = Math.Max(1, attempts), State = state,
            ExitCode = state == JobState.Completed ? 0 : state == JobState.Failed ? 1 : null,
            FailureReason = state != JobState.Failed ? reason
                : WrittenFailure.Of(job) ?? "the pod's container failed",
            FinalMetrics = MetricLog.LastValues(MetricLog.Read(job.MetricsFile)),
            StartedAt = current.Status?.StartTime is { } started ? new DateTimeOffset(started, TimeSpan.Zero) : now,
            FinishedAt = current.Status?.CompletionTime is { } completed ? new DateTimeOffset(completed, TimeSpan.Zero) : now,
        };
        status.WriteFinal(job.StatusFile);
    }

    /// <summary>
    /// Reads the logs of a job from an image into its metrics (<see cref="PodLogMetrics"/>): each pod of host 0 is an
    /// attempt, oldest first (a pod the Job started again after a failure is the next attempt). While the job runs the
    /// logs are read at most every <see cref="LogReadInterval"/>; the <paramref name="final"/> read is never skipped.
    /// Returns the attempts seen (0 for a skipped read).
    /// </summary>
    private int FollowLogs(JobDirectory job, TrainingJobSpec spec, bool final)
    {
        var metrics = _podLogs.GetOrAdd(job.Root, _ => new PodLogMetrics(job, spec.MetricDefinitions, Clock));
        var now = Clock.GetUtcNow();
        if (!final && now - metrics.LastRead < LogReadInterval) return 0;
        metrics.LastRead = now;
        V1PodList pods;
        try
        {
            pods = client.CoreV1.ListNamespacedPod(settings.Namespace, labelSelector: $"caviar/job={Path.GetFileName(job.Root)}");
        }
        catch (HttpOperationException)
        {
            return 0;
        }
        var attempts = pods.Items
            .Where(p => p.Metadata.Annotations is not { } annotations
                        || !annotations.TryGetValue(CompletionIndexAnnotation, out string? index) || index == "0")
            .OrderBy(p => p.Metadata.CreationTimestamp).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
        for (int i = 0; i < attempts.Count; i++)
        {
            var pod = attempts[i];
            if (pod.Status?.Phase is null or "Pending" || metrics.Ended(i + 1)) continue;
            string log;
            try
            {
                using var stream = client.CoreV1.ReadNamespacedPodLog(pod.Metadata.Name, settings.Namespace, container: ImageContainerName);
                using var reader = new StreamReader(stream);
                log = reader.ReadToEnd();
            }
            catch (HttpOperationException)
            {
                continue;   // the container has not started yet
            }
            metrics.Read(i + 1, log, ended: pod.Status.Phase is "Succeeded" or "Failed");
        }
        return attempts.Count;
    }

    /// <summary>
    /// Whether the runner's Kubernetes Job has neither succeeded nor failed (with retries, failed for good); one asked
    /// to stop that has no active pod left is deleted and counts as ended. A job from an image has no runner to see
    /// the stop file: its Job is deleted (its pods with it) and the launcher writes the end.
    /// </summary>
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
        bool succeeded = (current.Status?.Succeeded ?? 0) > 0;
        var failedCondition = current.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");
        bool failed = failedCondition is not null || (current.Status?.Failed ?? 0) > (current.Spec?.BackoffLimit ?? 0);
        bool finished = succeeded || failed;
        var image = File.Exists(JobRequest.FileIn(job)) ? JobRequest.Read(job.Root).Spec : null;
        if (image?.Image is not null && status is not { State: not JobState.Running })
        {
            int attempts = FollowLogs(job, image, final: finished || File.Exists(job.StopRequestFile));
            if (finished && failedCondition?.Reason == "DeadlineExceeded")   // as the runner ends a job at its max runtime
                ImageJobEnded(job, current, JobState.Stopped, attempts, $"max runtime of {image.StoppingCondition.MaxRuntimeSeconds} s reached");
            else if (finished)
                ImageJobEnded(job, current, succeeded ? JobState.Completed : JobState.Failed, attempts);
            else if (File.Exists(job.StopRequestFile))
            {
                try
                {
                    client.BatchV1.DeleteNamespacedJob(JobName(job.Root), settings.Namespace, propagationPolicy: "Background");
                }
                catch (HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound) { }   // gone already
                ImageJobEnded(job, current, JobState.Stopped, attempts, "stopped on request: the Job and its pods were deleted");
                return false;
            }
            return !finished;
        }
        if (!finished && File.Exists(job.StopRequestFile) && (current.Status?.Active ?? 0) == 0)
        {
            client.BatchV1.DeleteNamespacedJob(JobName(job.Root), settings.Namespace, propagationPolicy: "Background");
            return false;
        }
        return !finished;
    }
}
