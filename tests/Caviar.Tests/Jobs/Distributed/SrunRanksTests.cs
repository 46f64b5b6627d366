using System.Diagnostics;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Specs;

namespace Caviar.Tests.Distributed;

/// <summary>
/// What the Slurm launcher asks of Slurm for a job of several processes, and the prologue each srun task runs,
/// run here by bash with the variables Slurm would give task 3 of 2 nodes × 2 tasks.
/// </summary>
public class SrunRanksTests
{
    private static readonly ResourcesSpec TwoByTwo = new() { InstanceCount = 2, ProcessesPerHost = 2, GpusPerProcess = 2, CpusPerProcess = 3 };

    [Fact]
    public void Sbatch_asks_for_every_node_task_cpu_and_gpu_of_the_job_and_nothing_more_for_a_plain_job()
    {
        var launcher = new SlurmLauncher(["caviar"], partition: "debug");
        var args = launcher.SbatchArguments("/shared/jobs/j-0001", TwoByTwo);
        Assert.Contains("--nodes=2", args);
        Assert.Contains("--ntasks-per-node=2", args);
        Assert.Contains("--cpus-per-task=3", args);
        Assert.Contains("--gres=gpu:4", args);   // per node: 2 tasks × 2 GPUs
        Assert.Equal("--wrap='caviar' 'job-run' '/shared/jobs/j-0001'", args[^1]);

        var plain = launcher.SbatchArguments("/shared/jobs/j-0002", new ResourcesSpec());
        Assert.DoesNotContain(plain, a => a.StartsWith("--nodes", StringComparison.Ordinal) || a.StartsWith("--gres", StringComparison.Ordinal));
    }

    [Fact]
    public void One_srun_step_runs_every_task_into_its_own_log_and_all_or_nothing()
    {
        var command = SrunRanks.Command(TwoByTwo, [new Dictionary<string, string>(), new Dictionary<string, string>()],
            SrunRanks.TaskLogPattern("/jobs/j/logs/attempt-0.rank-0.log"), ["python3", "train.py"]);
        Assert.Equal("srun", command[0]);
        Assert.Equal(["--nodes=2", "--ntasks-per-node=2", "--ntasks=4", "--cpus-per-task=3", "--kill-on-bad-exit=1",
                "--output=/jobs/j/logs/attempt-0.rank-%t.log", "--open-mode=append", "--export=ALL", "--gres=gpu:4"],
            command.Skip(1).Take(9));
        Assert.Equal(["/bin/bash", "-c"], command.Skip(10).Take(2));
        Assert.Equal(["caviar-rank", "python3", "train.py"], command.TakeLast(3));
        Assert.Equal(["algo-a:7001", "algo-a:7002", "algo-b:7001", "algo-b:7002"], new SrunRanks(["algo-a", "algo-b"]).Endpoints(TwoByTwo, [7001, 7002]));
    }

    [Fact]
    public void Each_task_takes_its_rank_its_hosts_shard_and_its_own_gpus_from_slurms_variables()
    {
        var hostPaths = new IReadOnlyDictionary<string, string>[]
        {
            new Dictionary<string, string> { ["train"] = "/jobs/j/input/hosts/algo-1/train" },
            new Dictionary<string, string> { ["train"] = "/jobs/j/input/hosts/algo-2/it's" },
        };
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", SrunRanks.Prologue(TwoByTwo, hostPaths), "caviar-rank", "/usr/bin/env" }) start.ArgumentList.Add(arg);
        start.Environment["SLURM_PROCID"] = "3";
        start.Environment["SLURM_LOCALID"] = "1";
        start.Environment["SLURM_NODEID"] = "1";
        start.Environment["CUDA_VISIBLE_DEVICES"] = "4,5,6,7";   // what Slurm gives the node's tasks for --gres=gpu:4
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        var variables = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        Assert.Equal(("3", "1", "1", "3"), (variables["RANK"], variables["LOCAL_RANK"], variables["NODE_RANK"], variables["CAVIAR_RANK"]));
        Assert.Equal("algo-2", variables["SM_CURRENT_HOST"]);
        Assert.Equal("/jobs/j/input/hosts/algo-2/it's", variables["CAVIAR_CHANNEL_TRAIN"]);
        Assert.Equal(variables["CAVIAR_CHANNEL_TRAIN"], variables["SM_CHANNEL_TRAIN"]);
        Assert.Equal("6,7", variables["CUDA_VISIBLE_DEVICES"]);   // local rank 1's two of the node's four
        Assert.Equal("2", variables["SM_NUM_GPUS"]);
    }

    [Fact]
    public void A_percent_sign_in_the_job_directory_is_not_read_as_a_slurm_pattern()
    {
        Assert.Equal("/jobs/100%%/logs/attempt-2.rank-%t.log", SrunRanks.TaskLogPattern("/jobs/100%/logs/attempt-2.rank-0.log"));
        Assert.Throws<ArgumentException>(() => SrunRanks.TaskLogPattern("/jobs/j/logs/attempt-2.log"));
    }
}
