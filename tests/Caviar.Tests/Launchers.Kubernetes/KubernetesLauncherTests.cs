using System.Text.Json;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Tests.Support;
using k8s;
using Caviar.Launchers.Kubernetes;

namespace Caviar.Tests.Jobs;

public class KubernetesLauncherTests
{
    private static readonly KubernetesLauncherOptions Settings = new()
    {
        Namespace = "ml", Image = "registry.example/caviar:1.0", ArtifactsClaim = "shared-artifacts", Cpu = "2", Memory = "4Gi",
    };

    [Fact]
    public void The_manifest_runs_the_job_runner_with_the_artifacts_volume()
    {
        var launcher = new KubernetesLauncher(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }),
            Settings, "/mnt/artifacts");
        var manifest = launcher.Manifest("/mnt/artifacts/jobs/Tuned_0000");
        using var json = JsonDocument.Parse(KubernetesJson.Serialize(manifest));
        var root = json.RootElement;
        Assert.Equal("batch/v1", root.GetProperty("apiVersion").GetString());
        Assert.Equal("caviar-tuned-0000", root.GetProperty("metadata").GetProperty("name").GetString());
        var spec = root.GetProperty("spec");
        Assert.Equal(0, spec.GetProperty("backoffLimit").GetInt32());
        var pod = spec.GetProperty("template").GetProperty("spec");
        Assert.Equal("Never", pod.GetProperty("restartPolicy").GetString());
        var container = pod.GetProperty("containers")[0];
        Assert.Equal("registry.example/caviar:1.0", container.GetProperty("image").GetString());
        Assert.Equal(["caviar", "job-run", "/mnt/artifacts/jobs/Tuned_0000"], container.GetProperty("command").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal("2", container.GetProperty("resources").GetProperty("requests").GetProperty("cpu").GetString());
        Assert.Equal("/mnt/artifacts", container.GetProperty("volumeMounts")[0].GetProperty("mountPath").GetString());
        Assert.Equal("shared-artifacts", pod.GetProperty("volumes")[0].GetProperty("persistentVolumeClaim").GetProperty("claimName").GetString());
    }

    [Fact]
    public async Task A_trial_job_is_created_watched_through_the_api_and_finished_from_its_directory()
    {
        using var dir = new TempDirectory();
        string artifacts = dir.File("artifacts");
        var job = JobDirectory.For(artifacts, "tuned-0000");
        int statusReads = 0;
        using var api = new FakeKubernetesApi((method, path) => (method, path) switch
        {
            ("DELETE", _) => (404, FakeKubernetesApi.Recorded("job-not-found.json")),
            ("POST", "/apis/batch/v1/namespaces/ml/jobs") => (201, FakeKubernetesApi.Recorded("job-created.json")),
            ("GET", "/apis/batch/v1/namespaces/ml/jobs/caviar-tuned-0000/status") =>
                Interlocked.Increment(ref statusReads) switch
                {
                    1 => (404, FakeKubernetesApi.Recorded("job-not-found.json")),      // before the launcher created it
                    < 4 => (200, FakeKubernetesApi.Recorded("job-status-active.json")),
                    _ => (200, FakeKubernetesApi.Recorded("job-status-succeeded.json")),
                },
            _ => (500, "{}"),
        });
        var launcher = new KubernetesLauncher(new Kubernetes(new KubernetesClientConfiguration { Host = api.Url }), Settings, artifacts);
        var request = new JobRequest { JobName = "tuned-0000", ArtifactsRoot = artifacts, BaseDirectory = dir.Path,
            Spec = new Caviar.Jobs.Specs.TrainingJobSpec { Command = ["/bin/true"] } };

        var running = launcher.RunAsync(request, _ => { }, CancellationToken.None);
        // Play the pod: once the Job exists, its runner finishes the job in the shared directory.
        await Eventually.True(() => api.Requests.Any(r => r.Method == "POST"));
        new JobStatus { JobName = "tuned-0000", State = JobState.Completed, Attempts = 1, FinalMetrics = new() { ["loss"] = 0.5 } }
            .Write(job.StatusFile);
        var status = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(0.5, status.FinalMetrics["loss"]);
        var posted = api.Requests.Single(r => r.Method == "POST");
        using var body = JsonDocument.Parse(posted.Body);
        Assert.Equal("caviar-tuned-0000", body.RootElement.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal(job.Root, body.RootElement.GetProperty("spec").GetProperty("template").GetProperty("spec")
            .GetProperty("containers")[0].GetProperty("command")[2].GetString());
        Assert.True(File.Exists(JobRequest.FileIn(job)));
    }

    [Theory]
    [InlineData("/a/jobs/My_Study.v2-0003", "caviar-my-study-v2-0003")]
    [InlineData("/a/jobs/x", "caviar-x")]
    public void Job_names_follow_kubernetes_rules(string directory, string expected) =>
        Assert.Equal(expected, KubernetesLauncher.JobName(directory));
}
