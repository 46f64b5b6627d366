using System.Text.Json;
using Caviar.Containers;
using Caviar.Jobs.Containers;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary>Training jobs from an image, run by real Podman with the job directory at /opt/ml.</summary>
[Trait("Needs", "podman")]
public class ContainerTrainingTests
{
    private static Task<JobStatus> Run(TempDirectory dir, TrainingJobSpec spec, Dictionary<string, object>? tuned = null,
        CancellationToken stop = default) =>
        new TrainingJobRunner(TimeProvider.System).RunAsync(spec, spec.Name!, dir.Path, Job(dir, spec.Name!), tuned, null, stop);

    private static JobDirectory Job(TempDirectory dir, string name) => JobDirectory.For(dir.File("artifacts"), name);

    [PodmanFact]
    public async Task The_container_sees_sagemakers_layout_without_a_network_and_its_entrypoint_gets_train()
    {
        using var dir = new TempDirectory();
        var spec = AlgoJobs.FromImage("layout", dir, ("epochs", 3), ("probe", 1), ("learning_rate", 0.05));
        var status = await Run(dir, spec, new Dictionary<string, object> { ["tuned"] = 0.25 });

        Assert.Equal(JobState.Completed, status.State);
        var job = Job(dir, "layout");
        using var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(job.ModelDirectory, "probe.json")));
        var seen = probe.RootElement;
        var files = seen.GetProperty("files").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains("input/config/hyperparameters.json", files);
        Assert.Contains("input/config/caviar-hyperparameters.json", files);
        Assert.Contains("input/config/resourceconfig.json", files);
        Assert.Contains("input/data/train/train.csv", files);
        // SageMaker writes every hyperparameter as a string; the typed copy keeps numbers.
        var hyperParameters = seen.GetProperty("hyperparameters");
        Assert.Equal("3", hyperParameters.GetProperty("epochs").GetString());
        Assert.Equal("0.25", hyperParameters.GetProperty("tuned").GetString());
        using var typed = JsonDocument.Parse(File.ReadAllText(job.TypedHyperParametersFile));
        Assert.Equal(0.25, typed.RootElement.GetProperty("tuned").GetDouble());
        Assert.Equal("algo-1", seen.GetProperty("resourceconfig").GetProperty("current_host").GetString());
        var environment = seen.GetProperty("environment");
        Assert.Equal("/opt/ml/model", environment.GetProperty("SM_MODEL_DIR").GetString());
        Assert.Equal("/opt/ml/input/data/train", environment.GetProperty("SM_CHANNEL_TRAIN").GetString());
        Assert.Equal("/opt/ml/checkpoints", environment.GetProperty("CAVIAR_CHECKPOINT_DIR").GetString());
        Assert.Equal("/opt/ml/input/config/caviar-hyperparameters.json", environment.GetProperty("CAVIAR_HYPERPARAMETERS").GetString());
        Assert.Equal("layout", environment.GetProperty("CAVIAR_JOB_NAME").GetString());
        Assert.Equal(["lo"], seen.GetProperty("interfaces").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("train", seen.GetProperty("argv").EnumerateArray().Last().GetString());
        // The metrics came from the container's log; its checkpoint landed in the job's checkpoint dir.
        Assert.Equal(3, MetricLog.Read(job.MetricsFile).Count(m => m.Name == "loss"));
        Assert.True(File.Exists(Path.Combine(job.DefaultCheckpointDirectory, "state.json")));
        Assert.False(ContainerEngine.Find().ContainerExists(ContainerJob.NameFor("layout", job, 0)));
    }

    [PodmanFact]
    public async Task A_job_in_a_container_reading_fastfile_data_gives_the_same_metrics_and_model_bytes_as_the_script_on_the_host()
    {
        using var dir = new TempDirectory();
        var inContainer = AlgoJobs.FromImage("boxed", dir, ("epochs", 6), ("learning_rate", 0.1));
        var onHost = AlgoJobs.OnHost(inContainer) with { Name = "host" };
        // FastFile: the container reads the data in place, through its link, from a read-only mount.
        inContainer = inContainer with { Channels = [inContainer.Channels[0] with { InputMode = InputMode.FastFile }] };
        var boxed = await Run(dir, inContainer);
        var host = await Run(dir, onHost);

        Assert.Equal(JobState.Completed, boxed.State);
        Assert.Equal(JobState.Completed, host.State);
        var boxedLoss = MetricLog.Read(Job(dir, "boxed").MetricsFile).Where(m => m.Name == "loss").Select(m => (m.Step, m.Value));
        var hostLoss = MetricLog.Read(Job(dir, "host").MetricsFile).Where(m => m.Name == "loss").Select(m => (m.Step, m.Value));
        Assert.Equal(hostLoss, boxedLoss);
        Assert.Equal(6, boxedLoss.Count());
        Assert.Equal(File.ReadAllBytes(Path.Combine(Job(dir, "host").ModelDirectory, "model.json")),
            File.ReadAllBytes(Path.Combine(Job(dir, "boxed").ModelDirectory, "model.json")));
    }

    [PodmanFact]
    public async Task A_container_killed_mid_run_reading_a_pipe_is_retried_and_resumes_from_its_checkpoint()
    {
        using var dir = new TempDirectory();
        var spec = AlgoJobs.FromImage("killed", dir, ("epochs", 8), ("learning_rate", 0.1), ("epoch_seconds", 0.4)) with
        {
            RetryStrategy = new RetryStrategy { MaximumRetryAttempts = 1 },
        };
        // Pipe mode: each attempt reads the data from a FIFO at /opt/ml/input/data/train, fed anew.
        spec = spec with { Channels = [new ChannelSpec { Name = "train", Path = "data/train.csv", InputMode = InputMode.Pipe }] };
        var job = Job(dir, "killed");
        var running = Run(dir, spec);
        string state = Path.Combine(job.DefaultCheckpointDirectory, "state.json");
        await Eventually.True(() => File.Exists(state) && File.ReadAllText(state).Contains("\"epoch\": 2"), 60);
        var kill = ContainerEngine.Find().Run("kill", ContainerJob.NameFor("killed", job, 0));
        Assert.True(kill.Succeeded, kill.Error);
        var status = await running;

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(2, status.Attempts);
        Assert.Contains("resumed from epoch", File.ReadAllText(job.LogFile(1)));
        // Resuming lost nothing: the model is the one an uninterrupted run makes.
        var whole = await Run(dir, AlgoJobs.OnHost(spec) with { Name = "whole", HyperParameters = new()
        {
            ["epochs"] = JsonSerializer.SerializeToElement(8), ["learning_rate"] = JsonSerializer.SerializeToElement(0.1),
        } });
        Assert.Equal(JobState.Completed, whole.State);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Job(dir, "whole").ModelDirectory, "model.json")),
            File.ReadAllBytes(Path.Combine(job.ModelDirectory, "model.json")));
    }

    [PodmanFact]
    public async Task Max_runtime_stops_the_container_and_removes_it()
    {
        using var dir = new TempDirectory();
        var spec = AlgoJobs.FromImage("slow", dir, ("epochs", 100), ("epoch_seconds", 0.5)) with
        {
            StoppingCondition = new StoppingCondition { MaxRuntimeSeconds = 3 },
        };
        var status = await Run(dir, spec);

        Assert.Equal(JobState.Stopped, status.State);
        Assert.Contains("max runtime", status.FailureReason);
        Assert.False(ContainerEngine.Find().ContainerExists(ContainerJob.NameFor("slow", Job(dir, "slow"), 0)));
    }

    [PodmanFact]
    public async Task A_container_that_fails_at_once_reports_what_it_wrote_to_opt_ml_output_failure()
    {
        using var dir = new TempDirectory();
        var spec = AlgoJobs.FromImage("no-data", dir) with { Channels = [] };
        var status = await Run(dir, spec);

        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal("no training data: the channel 'train' is missing", status.FailureReason);
    }

    [PodmanFact]
    public async Task A_container_left_by_a_killed_runner_is_removed_before_the_job_runs_again()
    {
        using var dir = new TempDirectory();
        var spec = AlgoJobs.FromImage("leftover", dir, ("epochs", 2));
        var job = Job(dir, "leftover");
        job.Create();
        string name = ContainerJob.NameFor("leftover", job, 0);
        var engine = ContainerEngine.Find();
        var left = engine.Run("run", "--detach", "--name", name, "--entrypoint", "sleep", ExampleImage.Ensure(), "600");
        Assert.True(left.Succeeded, left.Error);
        try
        {
            var status = await Run(dir, spec);

            Assert.Equal(JobState.Completed, status.State);
            Assert.Contains("a container left by an earlier runner was removed", File.ReadAllText(job.LogFile(0)));
            Assert.False(engine.ContainerExists(name));
        }
        finally
        {
            engine.StopAndRemove([name], TimeSpan.Zero);
        }
    }
}
