using System.Text.Json;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Launchers.Kubernetes;
using Caviar.Tests.Support;
using k8s;

namespace Caviar.Tests.Jobs;

/// <summary>
/// A job from an image running under the Kubernetes launcher, played against a stand-in API server: metrics come from
/// the pod's log, a failed pod is retried by the Job (backoffLimit from retryStrategy) and counted as an attempt, and
/// a stop request deletes the Job of a started pod. The API's answers are shaped as a cluster's (batch/v1 Job status,
/// v1 PodList, the log as plain text).
/// </summary>
public class KubernetesImageJobRunTests
{
    private const string JobPath = "/apis/batch/v1/namespaces/ml/jobs/caviar-boxed-0003";
    private const string PodsPath = "/api/v1/namespaces/ml/pods";

    private static readonly KubernetesLauncherOptions Settings = new() { Namespace = "ml", ArtifactsClaim = "shared-artifacts" };

    private static readonly MetricDefinition Loss = new() { Name = "loss", Regex = @"epoch=(?<step>\d+) loss=(?<value>\S+)" };

    private static string JobStatus(int backoffLimit, int active = 0, int succeeded = 0, int failed = 0, string? condition = null,
        string reason = "") =>
        $$"""
        {
          "kind": "Job", "apiVersion": "batch/v1",
          "metadata": { "name": "caviar-boxed-0003", "namespace": "ml", "uid": "0b1c", "labels": { "caviar/job": "Boxed_0003" } },
          "spec": { "backoffLimit": {{backoffLimit}} },
          "status": { "active": {{active}}, "succeeded": {{succeeded}}, "failed": {{failed}}, "startTime": "2026-11-29T08:00:02Z"
                      {{(condition is null ? "" : $$""", "completionTime": "2026-11-29T08:03:00Z", "conditions": [ { "type": "{{condition}}", "status": "True", "reason": "{{reason}}" } ]""")}} }
        }
        """;

    private static string Pods(params (string Name, int Second, string Phase)[] pods) =>
        $$"""
        { "kind": "PodList", "apiVersion": "v1", "metadata": { "resourceVersion": "9" }, "items": [
          {{string.Join(",", pods.Select(p => $$"""
            { "metadata": { "name": "{{p.Name}}", "namespace": "ml", "creationTimestamp": "2026-11-29T08:00:{{p.Second:00}}Z",
                            "labels": { "caviar/job": "Boxed_0003", "job-name": "caviar-boxed-0003" } },
              "status": { "phase": "{{p.Phase}}" } }
            """))}} ] }
        """;

    private static (JobRequest Request, TempDirectory Dir) Request(int retries = 0)
    {
        var dir = new TempDirectory();
        var request = new JobRequest
        {
            JobName = "Boxed_0003", ArtifactsRoot = dir.File("artifacts"), BaseDirectory = dir.Path,
            Spec = new TrainingJobSpec
            {
                Image = "registry.example/algo:2", MetricDefinitions = [Loss],
                RetryStrategy = new RetryStrategy { MaximumRetryAttempts = retries },
            },
        };
        return (request, dir);
    }

    private static KubernetesLauncher Launcher(FakeKubernetesApi api, JobRequest request) =>
        new(new Kubernetes(new KubernetesClientConfiguration { Host = api.Url }), Settings, request.ArtifactsRoot);

    [Fact]
    public async Task Metrics_are_read_from_the_pods_log_as_it_grows_once_each_into_metrics_jsonl_and_the_final_status()
    {
        var (request, dir) = Request();
        using var _ = dir;
        int statusReads = 0;
        const string Full = "loading data\nepoch=1 loss=0.9\nepoch=2 loss=0.5\nsaved the model\n";
        using var api = new FakeKubernetesApi((method, path) => (method, path) switch
        {
            ("DELETE", _) => (404, FakeKubernetesApi.Recorded("job-not-found.json")),
            ("POST", "/apis/batch/v1/namespaces/ml/jobs") => (201, JobStatus(0)),
            ("GET", JobPath + "/status") => Interlocked.Increment(ref statusReads) switch
            {
                1 => (404, FakeKubernetesApi.Recorded("job-not-found.json")),
                < 6 => (200, JobStatus(0, active: 1)),
                _ => (200, JobStatus(0, succeeded: 1, condition: "Complete")),
            },
            ("GET", PodsPath) => (200, Pods(("caviar-boxed-0003-x7k2p", 3, Volatile.Read(ref statusReads) < 6 ? "Running" : "Succeeded"))),
            // The log grows while the pod runs; a line being written is not read until it is complete.
            ("GET", PodsPath + "/caviar-boxed-0003-x7k2p/log") =>
                (200, Volatile.Read(ref statusReads) < 4 ? "loading data\nepoch=1 loss=0.9\nepoch=2 lo" : Full),
            _ => (500, "{}"),
        });
        var seen = new List<(long Step, double Value)>();

        var status = await Launcher(api, request).RunAsync(request, m => { lock (seen) seen.Add((m.Step, m.Value)); }, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(1, status.Attempts);
        Assert.Equal(0.5, status.FinalMetrics["loss"]);
        Assert.Equal([(1L, 0.9), (2L, 0.5)], seen);
        Assert.Equal([(1L, 0.9), (2L, 0.5)], MetricLog.Read(request.Directory.MetricsFile).Select(m => (m.Step, m.Value)));
        Assert.Equal(Full, File.ReadAllText(request.Directory.LogFile(1)));
        Assert.Contains(api.Requests, r => r.Method == "GET" && r.Path == PodsPath + "/caviar-boxed-0003-x7k2p/log");
    }

    [Fact]
    public async Task A_failed_pod_is_retried_by_the_job_as_the_next_attempt_and_the_retry_resumes_counting()
    {
        var (request, dir) = Request(retries: 2);
        using var _ = dir;
        int statusReads = 0;
        using var api = new FakeKubernetesApi((method, path) => (method, path) switch
        {
            ("DELETE", _) => (404, FakeKubernetesApi.Recorded("job-not-found.json")),
            ("POST", "/apis/batch/v1/namespaces/ml/jobs") => (201, JobStatus(2)),
            ("GET", JobPath + "/status") => Interlocked.Increment(ref statusReads) switch
            {
                1 => (404, FakeKubernetesApi.Recorded("job-not-found.json")),
                < 4 => (200, JobStatus(2, active: 1)),
                < 7 => (200, JobStatus(2, active: 1, failed: 1)),   // one failure is not the Job's end with backoffLimit 2
                _ => (200, JobStatus(2, succeeded: 1, failed: 1, condition: "Complete")),
            },
            ("GET", PodsPath) => Volatile.Read(ref statusReads) switch
            {
                < 4 => (200, Pods(("caviar-boxed-0003-aaaaa", 3, "Running"))),
                < 7 => (200, Pods(("caviar-boxed-0003-bbbbb", 40, "Running"), ("caviar-boxed-0003-aaaaa", 3, "Failed"))),
                _ => (200, Pods(("caviar-boxed-0003-bbbbb", 40, "Succeeded"), ("caviar-boxed-0003-aaaaa", 3, "Failed"))),
            },
            ("GET", PodsPath + "/caviar-boxed-0003-aaaaa/log") => (200, "epoch=1 loss=0.9\nKilled\n"),
            ("GET", PodsPath + "/caviar-boxed-0003-bbbbb/log") => (200, "resuming from checkpoint 1\nepoch=2 loss=0.4\n"),
            _ => (500, "{}"),
        });
        var launcher = Launcher(api, request);

        var status = await launcher.RunAsync(request, _ => { }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(2, status.Attempts);
        Assert.Equal(0.4, status.FinalMetrics["loss"]);
        Assert.Equal([(1L, 0.9), (2L, 0.4)], MetricLog.Read(request.Directory.MetricsFile).Select(m => (m.Step, m.Value)));
        Assert.Contains("Killed", File.ReadAllText(request.Directory.LogFile(1)));
        Assert.Contains("resuming", File.ReadAllText(request.Directory.LogFile(2)));
        using var posted = JsonDocument.Parse(api.Requests.Single(r => r.Method == "POST").Body);
        Assert.Equal(2, posted.RootElement.GetProperty("spec").GetProperty("backoffLimit").GetInt32());
    }

    [Fact]
    public async Task A_job_whose_retries_are_spent_fails_with_the_failure_files_reason()
    {
        var (request, dir) = Request(retries: 1);
        using var _ = dir;
        int statusReads = 0;
        using var api = new FakeKubernetesApi((method, path) => (method, path) switch
        {
            ("DELETE", _) => (404, FakeKubernetesApi.Recorded("job-not-found.json")),
            ("POST", "/apis/batch/v1/namespaces/ml/jobs") => (201, JobStatus(1)),
            ("GET", JobPath + "/status") => Interlocked.Increment(ref statusReads) switch
            {
                1 => (404, FakeKubernetesApi.Recorded("job-not-found.json")),
                < 4 => (200, JobStatus(1, active: 1, failed: 1)),
                _ => (200, JobStatus(1, failed: 2, condition: "Failed")),
            },
            ("GET", PodsPath) => (200, Pods(("caviar-boxed-0003-aaaaa", 3, "Failed"), ("caviar-boxed-0003-bbbbb", 40, "Failed"))),
            ("GET", _) when path.EndsWith("/log", StringComparison.Ordinal) => (200, "no such column: label\n"),
            _ => (500, "{}"),
        });
        var launcher = Launcher(api, request);
        var running = launcher.RunAsync(request, _ => { }, CancellationToken.None);
        // Play the container: it writes SageMaker's failure file in the shared job directory.
        await Eventually.True(() => api.Requests.Any(r => r.Method == "POST"));
        File.WriteAllText(request.Directory.FailureFile, "ValueError: no such column: label\n");

        var status = await running.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(2, status.Attempts);
        Assert.Equal("ValueError: no such column: label", status.FailureReason);
    }

    [Fact]
    public async Task A_stop_request_deletes_the_job_of_a_started_pod_and_the_job_ends_stopped_with_its_metrics()
    {
        var (request, dir) = Request();
        using var _ = dir;
        int deletes = 0;
        using var api = new FakeKubernetesApi((method, path) => (method, path) switch
        {
            ("DELETE", JobPath) => Interlocked.Increment(ref deletes) == 1
                ? (404, FakeKubernetesApi.Recorded("job-not-found.json"))   // before the launcher created it
                : (200, """{ "kind": "Status", "apiVersion": "v1", "status": "Success" }"""),
            ("POST", "/apis/batch/v1/namespaces/ml/jobs") => (201, JobStatus(0)),
            ("GET", JobPath + "/status") => (200, JobStatus(0, active: 1)),   // the pod runs until deleted
            ("GET", PodsPath) => (200, Pods(("caviar-boxed-0003-x7k2p", 3, "Running"))),
            ("GET", PodsPath + "/caviar-boxed-0003-x7k2p/log") => (200, "epoch=1 loss=0.8\n"),
            _ => (500, "{}"),
        });
        using var stop = new CancellationTokenSource();
        var running = Launcher(api, request).RunAsync(request, _ => { }, stop.Token);
        await Eventually.True(() => api.Requests.Count(r => r.Path == PodsPath + "/caviar-boxed-0003-x7k2p/log") >= 2);

        stop.Cancel();
        var status = await running.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobState.Stopped, status.State);
        Assert.Equal(0.8, status.FinalMetrics["loss"]);
        Assert.Contains("stopped on request", status.FailureReason);
        int posted = api.Requests.FindIndex(r => r.Method == "POST");
        Assert.Contains(api.Requests.Skip(posted), r => r.Method == "DELETE" && r.Path == JobPath);
        Assert.Equal(JobState.Stopped, Caviar.Jobs.Running.JobStatus.Read(request.Directory.StatusFile)!.State);
    }

    [Fact]
    public async Task At_its_max_runtime_the_job_ends_the_pod_and_the_job_is_stopped_as_the_runner_would_stop_it()
    {
        var (request, dir) = Request();
        request = request with { Spec = request.Spec with { StoppingCondition = new StoppingCondition { MaxRuntimeSeconds = 90.5 } } };
        using var _ = dir;
        int statusReads = 0;
        using var api = new FakeKubernetesApi((method, path) => (method, path) switch
        {
            ("DELETE", _) => (404, FakeKubernetesApi.Recorded("job-not-found.json")),
            ("POST", "/apis/batch/v1/namespaces/ml/jobs") => (201, JobStatus(0)),
            ("GET", JobPath + "/status") => Interlocked.Increment(ref statusReads) switch
            {
                1 => (404, FakeKubernetesApi.Recorded("job-not-found.json")),
                < 4 => (200, JobStatus(0, active: 1)),
                _ => (200, JobStatus(0, failed: 1, condition: "Failed", reason: "DeadlineExceeded")),
            },
            ("GET", PodsPath) => (200, Pods(("caviar-boxed-0003-x7k2p", 3, "Failed"))),
            ("GET", PodsPath + "/caviar-boxed-0003-x7k2p/log") => (200, "epoch=1 loss=0.7\n"),
            _ => (500, "{}"),
        });

        var status = await Launcher(api, request).RunAsync(request, _ => { }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobState.Stopped, status.State);
        Assert.Equal("max runtime of 90.5 s reached", status.FailureReason);
        Assert.Equal(0.7, status.FinalMetrics["loss"]);
        using var posted = JsonDocument.Parse(api.Requests.Single(r => r.Method == "POST").Body);
        Assert.Equal(91, posted.RootElement.GetProperty("spec").GetProperty("activeDeadlineSeconds").GetInt64());
    }

    [Fact]
    public void The_job_of_an_image_has_the_specs_retries_as_its_backoff_limit_and_a_runners_job_none()
    {
        var (request, dir) = Request(retries: 3);
        using var _ = dir;
        var launcher = new KubernetesLauncher(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }),
            Settings, request.ArtifactsRoot);
        var pod = Caviar.Jobs.Containers.ImagePod.Prepare(request, "h");
        Assert.Equal(3, launcher.Manifest(request.Directory.Root, request.Spec.Resources, pod).Spec.BackoffLimit);
        Assert.Equal(0, launcher.Manifest(request.Directory.Root, request.Spec.Resources).Spec.BackoffLimit);
    }
}
