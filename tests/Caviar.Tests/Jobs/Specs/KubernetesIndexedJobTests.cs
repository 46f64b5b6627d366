using System.Text.Json;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;
using k8s;
using Caviar.Launchers.Kubernetes;

namespace Caviar.Tests.Jobs;

/// <summary>
/// A job on several hosts on Kubernetes: an Indexed Job of one pod per host with a headless Service (checked against
/// the API through <see cref="FakeKubernetesApi"/>), and the pods' side played here by real processes: the runner
/// as host 0 and a <see cref="HostFollower"/> as host 1, sharing the job directory as the pods share their volume.
/// </summary>
public class KubernetesIndexedJobTests
{
    private static readonly KubernetesLauncherOptions Settings = new() { Namespace = "ml", Image = "registry.example/caviar:1.0" };
    private static readonly ResourcesSpec TwoHosts = new() { InstanceCount = 2, ProcessesPerHost = 2, GpusPerProcess = 1, CpusPerProcess = 2 };

    private static KubernetesLauncher Launcher(string url = "http://127.0.0.1:1") =>
        new(new Kubernetes(new KubernetesClientConfiguration { Host = url }), Settings, "/mnt/artifacts");

    [Fact]
    public void A_job_on_two_hosts_is_an_indexed_job_of_two_pods_with_their_cpus_and_gpus()
    {
        using var json = JsonDocument.Parse(KubernetesJson.Serialize(Launcher().Manifest("/mnt/artifacts/jobs/ddp-0000", TwoHosts)));
        var spec = json.RootElement.GetProperty("spec");
        Assert.Equal("Indexed", spec.GetProperty("completionMode").GetString());
        Assert.Equal(2, spec.GetProperty("completions").GetInt32());
        Assert.Equal(2, spec.GetProperty("parallelism").GetInt32());
        var pod = spec.GetProperty("template").GetProperty("spec");
        Assert.Equal("caviar-ddp-0000", pod.GetProperty("subdomain").GetString());
        var container = pod.GetProperty("containers")[0];
        var env = container.GetProperty("env").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e);
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']",
            env["CAVIAR_NODE_RANK"].GetProperty("valueFrom").GetProperty("fieldRef").GetProperty("fieldPath").GetString());
        Assert.Equal("caviar-ddp-0000-0.caviar-ddp-0000,caviar-ddp-0000-1.caviar-ddp-0000", env["CAVIAR_NODE_HOSTS"].GetProperty("value").GetString());
        var resources = container.GetProperty("resources");
        Assert.Equal("4", resources.GetProperty("requests").GetProperty("cpu").GetString());      // 2 processes × 2 CPUs
        Assert.Equal("2", resources.GetProperty("limits").GetProperty("nvidia.com/gpu").GetString());   // 2 processes × 1 GPU

        using var plain = JsonDocument.Parse(KubernetesJson.Serialize(Launcher().Manifest("/mnt/artifacts/jobs/one-0000")));
        Assert.False(plain.RootElement.GetProperty("spec").TryGetProperty("completionMode", out _));
    }

    [Fact]
    public void The_headless_service_names_the_pods_of_the_job()
    {
        using var json = JsonDocument.Parse(KubernetesJson.Serialize(Launcher().Service("/mnt/artifacts/jobs/ddp-0000")));
        var spec = json.RootElement.GetProperty("spec");
        Assert.Equal("None", spec.GetProperty("clusterIP").GetString());
        Assert.Equal("ddp-0000", spec.GetProperty("selector").GetProperty("caviar/job").GetString());
        Assert.True(spec.GetProperty("publishNotReadyAddresses").GetBoolean());
        Assert.Equal(PodRanks.MasterPort, spec.GetProperty("ports")[0].GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task The_launcher_creates_the_indexed_job_and_a_service_owned_by_it()
    {
        using var dir = new TempDirectory();
        string artifacts = dir.File("artifacts");
        var job = JobDirectory.For(artifacts, "ddp-0000");
        int statusReads = 0;
        using var api = new FakeKubernetesApi((method, path) => (method, path) switch
        {
            ("DELETE", "/apis/batch/v1/namespaces/ml/jobs/caviar-ddp-0000") => (404, FakeKubernetesApi.Recorded("job-not-found.json")),
            ("DELETE", "/api/v1/namespaces/ml/services/caviar-ddp-0000") => (404, FakeKubernetesApi.Recorded("service-not-found.json")),
            ("POST", "/apis/batch/v1/namespaces/ml/jobs") => (201, FakeKubernetesApi.Recorded("indexed-job-created.json")),
            ("POST", "/api/v1/namespaces/ml/services") => (201, FakeKubernetesApi.Recorded("service-created.json")),
            ("GET", "/apis/batch/v1/namespaces/ml/jobs/caviar-ddp-0000/status") => Interlocked.Increment(ref statusReads) == 1
                ? (404, FakeKubernetesApi.Recorded("job-not-found.json"))      // before the launcher created it
                : (200, FakeKubernetesApi.Recorded("job-status-active.json")),
            _ => (500, "{}"),
        });
        var launcher = new KubernetesLauncher(new Kubernetes(new KubernetesClientConfiguration { Host = api.Url }), Settings, artifacts);
        var request = new JobRequest
        {
            JobName = "ddp-0000", ArtifactsRoot = artifacts, BaseDirectory = dir.Path,
            Spec = new TrainingJobSpec { Command = ["/bin/true"], Resources = TwoHosts with { GpusPerProcess = 0 } },
        };
        var running = launcher.RunAsync(request, _ => { }, CancellationToken.None);
        await Eventually.True(() => api.Requests.Any(r => r.Path == "/api/v1/namespaces/ml/services"));
        new JobStatus { JobName = "ddp-0000", State = JobState.Completed, Attempts = 1 }.Write(job.StatusFile);
        Assert.Equal(JobState.Completed, (await running.WaitAsync(TimeSpan.FromSeconds(30))).State);

        var posts = api.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(["/apis/batch/v1/namespaces/ml/jobs", "/api/v1/namespaces/ml/services"], posts.Select(p => p.Path));
        using var jobBody = JsonDocument.Parse(posts[0].Body);
        Assert.Equal("Indexed", jobBody.RootElement.GetProperty("spec").GetProperty("completionMode").GetString());
        using var serviceBody = JsonDocument.Parse(posts[1].Body);
        var owner = serviceBody.RootElement.GetProperty("metadata").GetProperty("ownerReferences")[0];
        Assert.Equal(("Job", "caviar-ddp-0000", "0f3b7c1e-2d4a-4e8b-9a61-5c2e8d9f7a20"),
            (owner.GetProperty("kind").GetString(), owner.GetProperty("name").GetString(), owner.GetProperty("uid").GetString()));
    }

    /// <summary>Host 0's runner and host 1's follower on one job directory, as two pods on one volume.</summary>
    private static async Task<(JobStatus Status, JobState Follower)> RunAsPods(TempDirectory dir, TrainingJobSpec spec)
    {
        var hosts = KubernetesLauncher.PodHosts("caviar-pods", 2);
        var request = new JobRequest { JobName = "pods", Spec = spec with { Name = "pods" }, BaseDirectory = dir.Path, ArtifactsRoot = dir.File("artifacts") };
        var follower = Task.Run(() => new HostFollower(new PodRanks(hosts, 1), TimeProvider.System).RunAsync(request));
        var status = await new TrainingJobRunner(TimeProvider.System) { Pods = new PodRanks(hosts, 0) }
            .RunAsync(request.Spec, request.JobName, request.BaseDirectory, request.Directory).WaitAsync(TimeSpan.FromSeconds(60));
        return (status, await follower.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Each_pod_starts_its_own_hosts_ranks_and_rank_0_is_reached_through_the_service()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script("""
            echo "rank=$RANK node=$NODE_RANK local=$LOCAL_RANK world=$WORLD_SIZE master=$MASTER_ADDR:$MASTER_PORT host=$SM_CURRENT_HOST endpoints=$CAVIAR_RANK_ENDPOINTS"
            echo "epoch=1 loss=0.$RANK"
            """, ShellJobs.Loss) with { Resources = new ResourcesSpec { InstanceCount = 2, ProcessesPerHost = 2 } };
        var (status, follower) = await RunAsPods(dir, spec);

        Assert.True(status.State == JobState.Completed, status.FailureReason);
        Assert.Equal(JobState.Completed, follower);
        var job = JobDirectory.For(dir.File("artifacts"), "pods");
        for (int rank = 0; rank < 4; rank++)
            Assert.Contains($"rank={rank} node={rank / 2} local={rank % 2} world=4 master=caviar-pods-0.caviar-pods:29500 host=algo-{rank / 2 + 1} " +
                            "endpoints=caviar-pods-0.caviar-pods:29501,caviar-pods-0.caviar-pods:29502,caviar-pods-1.caviar-pods:29501,caviar-pods-1.caviar-pods:29502",
                File.ReadAllText(job.LogFile(0, rank)));
        for (int rank = 2; rank < 4; rank++)
            Assert.Equal(new AttemptExit(0, 0), AttemptShim.ReadExit(job.ExitFile(0, rank)));   // host 1's shims wrote their ends
        Assert.Equal(0.0, status.FinalMetrics["loss"]);
    }

    [Fact]
    public async Task A_rank_failing_on_another_pod_ends_the_attempt_and_every_pod_runs_the_retry()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script("""
            if [ "$RANK" = 1 ] && [ "$CAVIAR_ATTEMPT" = 0 ]; then sleep 0.5; exit 5; fi
            if [ "$CAVIAR_ATTEMPT" = 0 ]; then echo "rank $RANK waits in a collective"; sleep 60; fi
            echo "rank $RANK attempt $CAVIAR_ATTEMPT done"
            """) with
        {
            Resources = new ResourcesSpec { InstanceCount = 2, ProcessesPerHost = 1 },
            RetryStrategy = new RetryStrategy { MaximumRetryAttempts = 1 },
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (status, follower) = await RunAsPods(dir, spec);

        Assert.True(status.State == JobState.Completed, status.FailureReason);
        Assert.Equal(JobState.Completed, follower);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"took {clock.Elapsed}: rank 0 was left waiting");
        var job = JobDirectory.For(dir.File("artifacts"), "pods");
        Assert.Equal(2, status.Attempts);
        Assert.Equal(new AttemptExit(5, 0), AttemptShim.ReadExit(job.ExitFile(0, 1)));
        Assert.Contains("rank 1 on host algo-2 exited with code 5", File.ReadAllText(job.LogFile(0, 0)));
        Assert.Contains("[caviar] rank 1 exited with code 5", File.ReadAllText(job.LogFile(0, 1)));
        Assert.Contains("rank 1 attempt 1 done", File.ReadAllText(job.LogFile(1, 1)));
        Assert.Contains("rank 0 attempt 1 done", File.ReadAllText(job.LogFile(1, 0)));
    }
}
