using System.Text.Json;
using Caviar.Containers;
using Caviar.Jobs.Containers;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary>A job of several processes from an image under the Slurm launcher: each srun task runs one container.</summary>
[Collection(SlurmCollection.Name)]
[Trait("Needs", "slurm")]
[Trait("Needs", "podman")]
public class ContainerSlurmTests   // the collection's fixture (SlurmCluster) starts the cluster once
{
    [PodmanFact]
    public void Two_srun_tasks_each_run_a_container_with_their_rank_from_slurm_and_exchange_values()
    {
        using var dir = new TempDirectory();
        var spec = RankScript.Spec("unused", dir, processes: 2, epochs: 2);
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name = "slurm-boxed",
            objective = new { type = "Maximize", metricName = "sum" },
            trainingJob = new
            {
                image = spec.Image,
                command = spec.Command,
                hyperParameters = new { epochs = 2 },
                channels = new[] { new { name = "code", path = "code" } },
                metricDefinitions = new[] { new { name = "sum", regex = RankScript.Sum.Regex } },
                resources = new { processesPerHost = 2 },
                stoppingCondition = new { maxRuntimeSeconds = 300 },
            },
            strategy = "Random",
            hyperParameterRanges = new object[] { new { type = "integer", name = "width", minValue = 1, maxValue = 8 } },
            limits = new { maxTrials = 1 },
        }));
        var run = CliRunner.Run(dir.Path, "tune", "tune.json", "--launcher", "slurm");

        var job = JobDirectory.For(dir.File("caviar-artifacts"), "slurm-boxed-0000");
        var status = JobStatus.Read(job.StatusFile);
        Assert.True(status?.State == JobState.Completed,
            $"{status?.State} {status?.FailureReason}\n{run.All}\n{JobLogs.All(job)}");
        string host = System.Net.Dns.GetHostName();
        for (int rank = 0; rank < 2; rank++)
        {
            var seen = RankScript.Seen(job.ModelDirectory, rank);
            var env = seen.GetProperty("env");
            Assert.Equal($"{rank}", env.GetProperty("RANK").GetString());   // from SLURM_PROCID, through the task's prologue
            Assert.Equal($"{rank}", env.GetProperty("LOCAL_RANK").GetString());
            Assert.Equal("2", env.GetProperty("WORLD_SIZE").GetString());
            Assert.Equal(host, env.GetProperty("MASTER_ADDR").GetString());
            Assert.Equal("algo-1", env.GetProperty("SM_CURRENT_HOST").GetString());
            Assert.Equal("/opt/ml/model", env.GetProperty("SM_MODEL_DIR").GetString());
            Assert.Equal("/opt/ml/input/data/code", env.GetProperty("SM_CHANNEL_CODE").GetString());
            Assert.Equal("/run/podman-init", seen.GetProperty("init").GetString());   // in a container
            Assert.Equal(12, seen.GetProperty("sum").GetInt32());
            Assert.Contains("epoch=1 sum=12", File.ReadAllText(job.LogFile(0, rank)));   // each task's own log
        }
        var engine = ContainerEngine.Find();
        Assert.False(engine.ContainerExists(ContainerJob.NameFor("slurm-boxed-0000", job, 0)));
        Assert.False(engine.ContainerExists(ContainerJob.NameFor("slurm-boxed-0000", job, 1)));
    }
}
