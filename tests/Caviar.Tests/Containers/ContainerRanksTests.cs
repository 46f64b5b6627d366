using Caviar.Containers;
using Caviar.Jobs.Containers;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary>Jobs of several processes from an image: one container per rank, all in one pod per attempt, run by real Podman.</summary>
[Trait("Needs", "podman")]
public class ContainerRanksTests
{
    private static Task<JobStatus> Run(TempDirectory dir, TrainingJobSpec spec) =>
        new TrainingJobRunner(TimeProvider.System).RunAsync(spec, spec.Name!, dir.Path, Job(dir, spec.Name!));

    private static JobDirectory Job(TempDirectory dir, string name) => JobDirectory.For(dir.File("artifacts"), name);

    [PodmanFact]
    public async Task Two_ranks_in_two_containers_of_one_pod_exchange_values_over_tcp_and_see_their_ranks()
    {
        using var dir = new TempDirectory();
        var spec = RankScript.Spec("pair", dir, processes: 2, epochs: 3);
        var status = await Run(dir, spec);

        var job = Job(dir, "pair");
        var engine = ContainerEngine.Find();
        string pod = new ContainerJob(engine, spec, "pair", job, dir.Path, job.DefaultCheckpointDirectory).PodName(0);
        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.FailureReason}\n{File.ReadAllText(job.LogFile(0, 0))}");
        for (int rank = 0; rank < 2; rank++)
        {
            var seen = RankScript.Seen(job.ModelDirectory, rank);
            var env = seen.GetProperty("env");
            Assert.Equal($"{rank}", env.GetProperty("RANK").GetString());
            Assert.Equal($"{rank}", env.GetProperty("LOCAL_RANK").GetString());
            Assert.Equal($"{rank}", env.GetProperty("CAVIAR_RANK").GetString());
            Assert.Equal("0", env.GetProperty("NODE_RANK").GetString());
            Assert.Equal("2", env.GetProperty("WORLD_SIZE").GetString());
            Assert.Equal("2", env.GetProperty("CAVIAR_WORLD_SIZE").GetString());
            Assert.Equal("127.0.0.1", env.GetProperty("MASTER_ADDR").GetString());
            Assert.Equal("""["algo-1"]""", env.GetProperty("SM_HOSTS").GetString());
            Assert.Equal("algo-1", env.GetProperty("SM_CURRENT_HOST").GetString());
            Assert.Equal("/opt/ml/model", env.GetProperty("SM_MODEL_DIR").GetString());
            Assert.Equal("/opt/ml/checkpoints", env.GetProperty("CAVIAR_CHECKPOINT_DIR").GetString());
            Assert.Equal("/opt/ml/input/data/code", env.GetProperty("SM_CHANNEL_CODE").GetString());
            // Each rank ran in a container (PID 1 is Podman's init) of the attempt's pod (whose name is the host name); the
            // pod has no network but loopback.
            Assert.True(seen.GetProperty("containerenv").GetBoolean());
            Assert.Equal("/run/podman-init", seen.GetProperty("init").GetString());
            Assert.Equal(pod, seen.GetProperty("hostname").GetString());
            Assert.Equal(["lo"], seen.GetProperty("interfaces").EnumerateArray().Select(i => i.GetString()));
            Assert.Equal(14, seen.GetProperty("sum").GetInt32());   // epoch 2: rank 1 sent 12, rank 0 added 2
        }
        // Two containers, not one: each rank's cgroup is its own container's (libpod-ID).
        var cgroups = Enumerable.Range(0, 2).Select(r => LibpodId(RankScript.Seen(job.ModelDirectory, r).GetProperty("cgroup").GetString()!)).ToList();
        Assert.NotEqual(cgroups[0], cgroups[1]);
        Assert.Equal([10.0, 12.0, 14.0], MetricLog.Read(job.MetricsFile).Where(m => m.Name == "sum").Select(m => m.Value));
        Assert.Contains("epoch=2 sum=14", File.ReadAllText(job.LogFile(0, 1)));
        Assert.False(engine.Run("pod", "exists", pod).Succeeded);
        Assert.False(engine.ContainerExists(ContainerJob.NameFor("pair", job, 1)));
    }

    private static string LibpodId(string cgroups) =>
        System.Text.RegularExpressions.Regex.Match(cgroups, "libpod-([0-9a-f]{64})").Groups[1].Value is { Length: 64 } id
            ? id : throw new Xunit.Sdk.XunitException($"no libpod-ID in {cgroups}");

    [PodmanFact]
    public async Task Killing_one_ranks_container_ends_the_attempt_and_the_retry_resumes_both_ranks_in_a_new_pod()
    {
        using var dir = new TempDirectory();
        var spec = RankScript.Spec("resumed", dir, processes: 2, epochs: 6, epochSeconds: 0.5) with
        {
            RetryStrategy = new RetryStrategy { MaximumRetryAttempts = 1 },
        };
        var job = Job(dir, "resumed");
        var running = Run(dir, spec);
        string state = Path.Combine(job.DefaultCheckpointDirectory, "state.json");
        // Waits for the first checkpoint, or for the job if it ends before one (then says how it ended).
        await Eventually.True(() => running.IsCompleted || File.Exists(state) && File.ReadAllText(state).Contains("\"epoch\": 1"),
            120, () => JobLogs.All(job));
        if (running.IsCompleted)
        {
            var ended = await running;
            Assert.Fail($"the job ended before its first checkpoint: {ended.State} {ended.FailureReason}\n{JobLogs.All(job)}");
        }
        var engine = ContainerEngine.Find();
        var kill = engine.Run("kill", ContainerJob.NameFor("resumed", job, 1));
        Assert.True(kill.Succeeded, kill.Error);
        var status = await running;

        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.FailureReason}");
        Assert.Equal(2, status.Attempts);
        Assert.Contains("rank 1 exited with code", File.ReadAllText(job.LogFile(0, 0)));
        Assert.Contains("rank 0 resumed from epoch", File.ReadAllText(job.LogFile(1, 0)));
        Assert.Contains("rank 1 resumed from epoch", File.ReadAllText(job.LogFile(1, 1)));
        // Every epoch's sum was logged once by a completed exchange, the last one by the second attempt.
        var sums = MetricLog.Read(job.MetricsFile).Where(m => m.Name == "sum").ToList();
        Assert.Equal(Enumerable.Range(0, 6).Select(e => (long)e), sums.Select(m => m.Step).Distinct().Order());
        Assert.Equal(20, RankScript.Seen(job.ModelDirectory, 1).GetProperty("sum").GetInt32());
        var container = new ContainerJob(engine, spec, "resumed", job, dir.Path, job.DefaultCheckpointDirectory);
        Assert.False(engine.Run("pod", "exists", container.PodName(0)).Succeeded);
        Assert.False(engine.Run("pod", "exists", container.PodName(1)).Succeeded);
    }

    [PodmanFact]
    public async Task A_pod_left_by_a_killed_runner_is_removed_before_the_job_runs_again()
    {
        using var dir = new TempDirectory();
        var spec = RankScript.Spec("left", dir, processes: 2, epochs: 1);
        var job = Job(dir, "left");
        job.Create();
        var engine = ContainerEngine.Find();
        var container = new ContainerJob(engine, spec, "left", job, dir.Path, job.DefaultCheckpointDirectory);
        container.StartPod(0);
        var left = engine.Run("run", "--detach", "--pod", container.PodName(0), "--name", ContainerJob.NameFor("left", job, 1),
            "--entrypoint", "sleep", ExampleImage.Ensure(), "600");
        Assert.True(left.Succeeded, left.Error);
        try
        {
            var status = await Run(dir, spec);

            Assert.True(status.State == JobState.Completed, $"{status.State}: {status.FailureReason}");
            Assert.Contains("a container left by an earlier runner was removed", File.ReadAllText(job.LogFile(0)));
            Assert.False(engine.Run("pod", "exists", container.PodName(0)).Succeeded);
        }
        finally
        {
            engine.RemovePods([container.PodName(0)]);
        }
    }
}
