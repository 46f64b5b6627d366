using System.Diagnostics;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Distributed;

/// <summary>Jobs of several processes, run for real by the runner: ranks, logs per rank, all or nothing, GPUs.</summary>
public class DistributedJobTests
{
    private static TrainingJobSpec Processes(string script, int hosts, int perHost, int gpus = 0, params MetricDefinition[] metrics) =>
        ShellJobs.Script(script, metrics) with
        {
            Resources = new ResourcesSpec { InstanceCount = hosts, ProcessesPerHost = perHost, GpusPerProcess = gpus },
        };

    private static Task<JobStatus> Run(TempDirectory dir, TrainingJobSpec spec, GpuAllocator? gpus = null, string name = "shell-job") =>
        new TrainingJobRunner(TimeProvider.System, gpus).RunAsync(spec with { Name = name }, name, dir.Path,
            JobDirectory.For(dir.File("artifacts"), name));

    private static string Log(TempDirectory dir, int attempt, int rank, string name = "shell-job") =>
        File.ReadAllText(JobDirectory.For(dir.File("artifacts"), name).LogFile(attempt, rank));

    /// <summary>The log of a one-process job (no rank in its name).</summary>
    private static string OneProcessLog(TempDirectory dir, string name) =>
        File.ReadAllText(JobDirectory.For(dir.File("artifacts"), name).LogFile(0));

    [Fact]
    public async Task Every_process_gets_its_rank_and_its_own_log_and_metrics_come_from_rank_0()
    {
        using var dir = new TempDirectory();
        var spec = Processes("""
            echo "rank=$RANK local=$LOCAL_RANK node=$NODE_RANK world=$WORLD_SIZE host=$SM_CURRENT_HOST hosts=$SM_HOSTS master=$MASTER_ADDR:$MASTER_PORT omp=$OMP_NUM_THREADS"
            echo "epoch=1 loss=0.$RANK"
            """, hosts: 2, perHost: 2, metrics: ShellJobs.Loss);
        var status = await Run(dir, spec);

        Assert.Equal(JobState.Completed, status.State);
        string port = "";
        for (int rank = 0; rank < 4; rank++)
        {
            string log = Log(dir, 0, rank);
            Assert.Contains($"rank={rank} local={rank % 2} node={rank / 2} world=4 host=algo-{rank / 2 + 1} hosts=[\"algo-1\",\"algo-2\"]", log);
            string master = log[(log.IndexOf("master=", StringComparison.Ordinal) + 7)..].Split(' ')[0];
            Assert.StartsWith("127.0.0.1:", master);
            if (rank == 0) port = master; else Assert.Equal(port, master);
        }
        Assert.Equal(0.0, status.FinalMetrics["loss"]);   // rank 0's value; the others' lines are not metrics
    }

    [Fact]
    public async Task A_failing_rank_ends_the_attempt_and_the_others_are_stopped_at_once()
    {
        using var dir = new TempDirectory();
        var spec = Processes("""
            if [ "$RANK" = 1 ]; then sleep 0.5; exit 9; fi
            echo "rank $RANK waits in a collective"; sleep 60
            """, hosts: 1, perHost: 3);
        var clock = Stopwatch.StartNew();
        var status = await Run(dir, spec);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(9, status.ExitCode);
        Assert.Contains("rank 1 exited with code 9", Log(dir, 0, 0));
    }

    [Fact]
    public async Task A_retry_restarts_every_process_and_resumes_from_the_checkpoint()
    {
        using var dir = new TempDirectory();
        var spec = Processes("""
            mark="$CAVIAR_CHECKPOINT_DIR/epoch"
            start=$(cat "$mark" 2>/dev/null || echo 0)
            echo "rank $RANK attempt $CAVIAR_ATTEMPT starts after epoch $start"
            for e in $(seq $((start + 1)) 4); do
              [ "$RANK" = 0 ] && echo "$e" > "$mark"
              # rank 1 dies once rank 0 has checkpointed an epoch (under load rank 0 may start late)
              [ "$RANK" = 1 ] && [ "$CAVIAR_ATTEMPT" = 0 ] && [ "$e" = 2 ] && { while [ ! -s "$mark" ]; do sleep 0.05; done; kill -9 $$; }
              echo "epoch=$e loss=0.$e"; sleep 0.3
            done
            """, hosts: 1, perHost: 2, metrics: ShellJobs.Loss) with { RetryStrategy = new RetryStrategy { MaximumRetryAttempts = 1 } };
        var status = await Run(dir, spec);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(2, status.Attempts);
        Assert.Contains("rank 1 exited with code 137", Log(dir, 0, 0));
        Assert.Matches(@"rank 0 attempt 1 starts after epoch [1-4]\n", Log(dir, 1, 0));   // resumed, not from scratch (rank 0 may be ahead under load)
        Assert.Contains("rank 1 attempt 1 starts after epoch", Log(dir, 1, 1));
    }

    [Fact]
    public async Task Each_process_gets_gpus_of_its_own()
    {
        using var dir = new TempDirectory();
        var allocator = new GpuAllocator(new GpuInventory([0, 1, 2, 3], "test"), dir.File("locks"), TimeProvider.System);
        var status = await Run(dir, Processes("echo \"devices=$CUDA_VISIBLE_DEVICES gpus=$SM_NUM_GPUS\"", 1, 2, gpus: 2), allocator);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Contains("devices=0,1 gpus=2", Log(dir, 0, 0));
        Assert.Contains("devices=2,3 gpus=2", Log(dir, 0, 1));
    }

    [Fact]
    public async Task A_second_job_waits_until_the_gpu_is_free()
    {
        using var dir = new TempDirectory();
        var allocator = new GpuAllocator(new GpuInventory([0], "test"), dir.File("locks"), TimeProvider.System);
        var spec = Processes("echo \"start $(date +%s.%N) devices=$CUDA_VISIBLE_DEVICES\"; sleep 1.5; echo \"end $(date +%s.%N)\"", 1, 1, gpus: 1);
        var first = Run(dir, spec, allocator, "first");
        await Task.Delay(300);
        var second = Run(dir, spec, allocator, "second");
        await Task.WhenAll(first, second);

        Assert.Equal(JobState.Completed, (await first).State);
        Assert.Equal(JobState.Completed, (await second).State);
        string firstLog = OneProcessLog(dir, "first"), secondLog = OneProcessLog(dir, "second");
        Assert.Contains("waiting for 1 free GPU(s) of 1", secondLog);
        Assert.True(Stamp(firstLog, "end") <= Stamp(secondLog, "start"), firstLog + secondLog);
        Assert.Contains("devices=0", secondLog);
    }

    [Fact]
    public async Task A_device_held_by_another_program_is_not_given()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("locks"));
        using var holder = Process.Start("flock", ["-x", dir.File("locks/gpu-0.lock"), "sleep", "30"]);
        await Eventually.True(() => File.Exists(dir.File("locks/gpu-0.lock")));
        await Task.Delay(200);
        var allocator = new GpuAllocator(new GpuInventory([0, 1], "test"), dir.File("locks"), TimeProvider.System);
        try
        {
            using var lease = await allocator.AcquireAsync(1, 1, null, CancellationToken.None);
            Assert.Equal([1], lease.ByProcess[0]);
        }
        finally { holder.Kill(); }
    }

    [Fact]
    public async Task Sharded_channels_give_each_host_its_share()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("data"));
        foreach (var part in new[] { "a", "b", "c", "d", "e" }) File.WriteAllText(dir.File($"data/{part}.csv"), part);
        var spec = Processes("echo \"rank=$RANK files=$(ls \"$SM_CHANNEL_TRAIN\" | tr '\\n' ' ')\"", hosts: 2, perHost: 1) with
        {
            Channels = [new ChannelSpec { Name = "train", Path = "data", Distribution = ChannelDistribution.ShardedByKey }],
        };
        var status = await Run(dir, spec);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Contains("rank=0 files=a.csv c.csv e.csv", Log(dir, 0, 0));
        Assert.Contains("rank=1 files=b.csv d.csv", Log(dir, 0, 1));
    }

    private static double Stamp(string log, string word) =>
        double.Parse(log.Split('\n').First(l => l.StartsWith(word + " ", StringComparison.Ordinal)).Split(' ')[1],
            System.Globalization.CultureInfo.InvariantCulture);
}
