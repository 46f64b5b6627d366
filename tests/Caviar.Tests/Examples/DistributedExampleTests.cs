using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Specs;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Examples;

/// <summary>
/// examples/distributed, run for real: PyTorch DDP and model-parallel training on Fashion-MNIST with Debian's
/// python3-torch (gloo), each process started by Caviar with torchrun's variables.
/// </summary>
public class DistributedExampleTests
{
    private static readonly string Examples = RepositoryRoot.File("examples/distributed");

    /// <summary>The example's spec, made small enough for a test: few images, few epochs.</summary>
    private static TrainingJobSpec Small(string file, int processes, int epochs = 2)
    {
        var spec = JsonSerializer.Deserialize<TrainingJobSpec>(File.ReadAllText(Path.Combine(Examples, file)), SpecJson.Options)!;
        var hyper = new Dictionary<string, JsonElement>(spec.HyperParameters)
        {
            ["epochs"] = JsonSerializer.SerializeToElement(epochs),
            ["train_samples"] = JsonSerializer.SerializeToElement(3000),
            ["val_samples"] = JsonSerializer.SerializeToElement(1000),
        };
        return spec with
        {
            HyperParameters = hyper,
            Resources = spec.Resources with { ProcessesPerHost = processes },
        };
    }

    private static Task<JobStatus> Run(TempDirectory dir, TrainingJobSpec spec, string name) =>
        new TrainingJobRunner(TimeProvider.System).RunAsync(spec with { Name = name }, name, Examples,
            JobDirectory.For(dir.File("artifacts"), name));

    [Fact]
    public async Task Two_ddp_processes_reach_the_accuracy_of_one_with_the_same_global_batch()
    {
        using var dir = new TempDirectory();
        var one = await Run(dir, Small("ddp-training.json", 1), "one");
        var two = await Run(dir, Small("ddp-training.json", 2), "two");

        Assert.True(one.State == JobState.Completed, one.FailureReason);
        Assert.True(two.State == JobState.Completed, two.FailureReason);
        Assert.InRange(one.FinalMetrics["val_accuracy"], 0.6, 1);
        // Same global batch and seed; only which images share a step differs (the sampler deals them over ranks).
        Assert.InRange(two.FinalMetrics["val_accuracy"] - one.FinalMetrics["val_accuracy"], -0.05, 0.05);
        string rank1 = File.ReadAllText(JobDirectory.For(dir.File("artifacts"), "two").LogFile(0, 1));
        Assert.DoesNotContain("epoch=", rank1);   // only rank 0 reports
    }

    [Fact]
    public async Task Killing_rank_1_mid_epoch_ends_rank_0_and_the_retry_resumes_from_the_checkpoint()
    {
        using var dir = new TempDirectory();
        var job = JobDirectory.For(dir.File("artifacts"), "killed");
        // Six epochs, the kill after the first: under a loaded full run the test once killed rank 1 only as a 3-epoch job
        // had written its last checkpoint. Any checkpoint before the last one shows the resume.
        var running = Run(dir, Small("ddp-training.json", 2, epochs: 6), "killed");
        await Eventually.True(() => File.Exists(job.LogFile(0, 0)) && File.ReadAllText(job.LogFile(0, 0)).Contains("epoch=1 "), 240);
        var pids = JobStatus.Read(job.StatusFile)!.JobProcessIds!;
        System.Diagnostics.Process.GetProcessById(pids[1]).Kill();

        var status = await running;
        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(2, status.Attempts);
        Assert.Contains("rank 1 exited with code 137", File.ReadAllText(job.LogFile(0, 0)));
        Assert.Matches("resumed from the checkpoint of epoch [1-5]", File.ReadAllText(job.LogFile(1, 0)));
        Assert.Contains("epoch=6 ", File.ReadAllText(job.LogFile(1, 0)));
    }

    [Fact]
    public async Task The_model_parallel_example_trains_across_two_processes()
    {
        using var dir = new TempDirectory();
        var status = await Run(dir, Small("model-parallel-training.json", 2), "split");
        Assert.Equal(JobState.Completed, status.State);
        Assert.InRange(status.FinalMetrics["val_accuracy"], 0.6, 1);
        var model = JobDirectory.For(dir.File("artifacts"), "split").ModelDirectory;
        Assert.True(File.Exists(Path.Combine(model, "part-0.pt")) && File.Exists(Path.Combine(model, "part-1.pt")));
    }

    [Fact]
    public void A_tuning_job_runs_two_process_ddp_trials()
    {
        using var dir = new TempDirectory();
        var tuning = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(Path.Combine(Examples, "ddp-tuning.json")))!;
        var job = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(tuning["trainingJob"].GetRawText())!;
        job["workingDirectory"] = JsonSerializer.SerializeToElement(Examples);
        job["hyperParameters"] = JsonSerializer.SerializeToElement(new { epochs = 1, batch_size = 64, train_samples = 1500, val_samples = 500 });
        tuning["trainingJob"] = JsonSerializer.SerializeToElement(job);
        tuning["limits"] = JsonSerializer.SerializeToElement(new { maxTrials = 2, maxParallel = 1 });
        File.WriteAllText(dir.File("tuning.json"), JsonSerializer.Serialize(tuning));

        // Four PyTorch processes start in turn: on 2 loaded cores that takes minutes, hence the longer hang guard.
        var result = CliRunner.RunWithin(TimeSpan.FromMinutes(8), dir.Path, "tune", dir.File("tuning.json"), "--store",
            dir.File("caviar.db"), "--artifacts", dir.File("artifacts"));
        Assert.True(result.ExitCode == 0, result.All);
        for (int trial = 0; trial < 2; trial++)
        {
            var trialJob = JobDirectory.For(dir.File("artifacts"), $"ddp-tuning-{trial:D4}");
            var status = JobStatus.Read(trialJob.StatusFile)!;
            Assert.Equal(JobState.Completed, status.State);
            Assert.Contains("val_accuracy", status.FinalMetrics.Keys);
            Assert.Equal(2, status.Efficiency!.Cores);                  // two processes of one core each
            Assert.True(File.Exists(trialJob.LogFile(0, 1)), "rank 1 ran");
        }
    }
}
