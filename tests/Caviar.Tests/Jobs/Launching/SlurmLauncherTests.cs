using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Cli;

[Collection(SlurmCollection.Name)]
[Trait("Needs", "slurm")]
public class SlurmLauncherTests   // the collection's fixture (SlurmCluster) starts the cluster once
{
    [Fact]
    public void A_tuning_job_runs_its_trials_as_slurm_jobs()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name = "on-slurm",
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[] { "/bin/bash", "-c", ShellJobs.CheckpointingCounter + "\necho \"slurm job $SLURM_JOB_ID\"" },
                metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
                environment = new Dictionary<string, string> { ["EPOCHS"] = "3" },
            },
            strategy = "Random",
            hyperParameterRanges = new object[] { new { type = "integer", name = "width", minValue = 1, maxValue = 8 } },
            limits = new { maxTrials = 3, maxParallel = 2 },
        }));
        var run = CliRunner.Run(dir.Path, "tune", "tune.json", "--launcher", "slurm");
        Assert.True(run.ExitCode == 0, run.All);

        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        var trials = store.GetTrials(store.FindStudy("on-slurm")!.Id);
        Assert.Equal(3, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        for (int n = 0; n < 3; n++)
        {
            var job = JobDirectory.For(dir.File("caviar-artifacts"), $"on-slurm-{n:D4}");
            string slurmId = File.ReadAllText(Path.Combine(job.Root, "slurm-job-id")).Trim();
            Assert.Matches("^[0-9]+$", slurmId);
            Assert.Contains($"slurm job {slurmId}", File.ReadAllText(job.LogFile(0)));
            Assert.Equal(JobState.Completed, JobStatus.Read(job.StatusFile)!.State);
        }
    }

    [Fact]
    public void A_two_process_job_runs_as_two_tasks_of_one_srun_step_with_ranks_from_slurm()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name = "slurm-ranks",
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[]
                {
                    "/bin/bash", "-c",
                    "echo \"rank=$RANK procid=$SLURM_PROCID local=$LOCAL_RANK world=$WORLD_SIZE step=$SLURM_STEP_ID master=$MASTER_ADDR:$MASTER_PORT host=$(hostname) endpoints=$CAVIAR_RANK_ENDPOINTS\"\n" +
                    "[ \"$RANK\" = 1 ] && echo 'epoch=1 loss=9'; echo \"epoch=1 loss=0.$((RANK + 1))\"",
                },
                metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
                resources = new { processesPerHost = 2 },
            },
            strategy = "Random",
            hyperParameterRanges = new object[] { new { type = "integer", name = "width", minValue = 1, maxValue = 8 } },
            limits = new { maxTrials = 1 },
        }));
        var run = CliRunner.Run(dir.Path, "tune", "tune.json", "--launcher", "slurm");
        Assert.True(run.ExitCode == 0, run.All);

        var job = JobDirectory.For(dir.File("caviar-artifacts"), "slurm-ranks-0000");
        Assert.Equal(JobState.Completed, JobStatus.Read(job.StatusFile)!.State);
        string host = System.Net.Dns.GetHostName();
        for (int rank = 0; rank < 2; rank++)
        {
            string log = File.ReadAllText(job.LogFile(0, rank));
            Assert.Matches($"rank={rank} procid={rank} local={rank} world=2 step=0 master={host}:[0-9]+ host={host} endpoints={host}:[0-9]+,{host}:[0-9]+", log);
        }
        // Each task wrote its own rank's log: rank 1's metric line is not in rank 0's, which the runner reads metrics from.
        Assert.DoesNotContain("loss=9", File.ReadAllText(job.LogFile(0, 0)));
        Assert.Equal(new AttemptExit(0, 0), AttemptShim.ReadExit(job.ExitFile(0, 0)));   // the step's shim wrote its end
        // Metrics come from rank 0's lines only (rank 1 also printed loss=9).
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        Assert.Equal(0.1, store.GetTrials(store.FindStudy("slurm-ranks")!.Id).Single().Value!.Value, 9);
    }

    [Fact]
    public void A_failing_task_ends_the_whole_srun_step_and_the_job_fails()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name = "slurm-fail",
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[] { "/bin/bash", "-c", "if [ \"$RANK\" = 1 ]; then sleep 1; exit 3; fi; echo \"rank $RANK waits\"; sleep 120" },
                metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
                resources = new { processesPerHost = 2 },
            },
            strategy = "Random",
            hyperParameterRanges = new object[] { new { type = "integer", name = "width", minValue = 1, maxValue = 8 } },
            limits = new { maxTrials = 1 },
        }));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = CliRunner.Run(dir.Path, "tune", "tune.json", "--launcher", "slurm");

        var job = JobDirectory.For(dir.File("caviar-artifacts"), "slurm-fail-0000");
        var status = JobStatus.Read(job.StatusFile)!;
        Assert.True(status.State == JobState.Failed, run.All);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}: rank 0 was left waiting");
        Assert.Contains("task 1: Exited with exit code 3", File.ReadAllText(job.LogFile(0, 0)));   // srun's own line, which its shim appends to rank 0's log
    }

    [Fact]
    public void An_unknown_launcher_is_named()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tune.json"), """{ "name": "x", "objective": { "function": "branin" }, "limits": { "maxTrials": 1 } }""");
        var run = CliRunner.Run(dir.Path, "tune", "tune.json", "--launcher", "kubernetes-please");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--launcher", run.All);
    }
}
