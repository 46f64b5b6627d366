using System.Diagnostics;
using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Cli;

public class CliJobTests
{
    private static string TrainSpec(string name, int epochs, double sleep, int retries = 0) => JsonSerializer.Serialize(new
    {
        name,
        command = new[] { "/bin/bash", "-c", ShellJobs.CheckpointingCounter },
        metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
        environment = new Dictionary<string, string> { ["EPOCHS"] = $"{epochs}", ["SLEEP"] = $"{sleep}" },
        retryStrategy = new { maximumRetryAttempts = retries },
    });

    /// <summary>A tuning job over the checkpointing counter job, two trials at a time, random search.</summary>
    private static string TuneSpec(string name, int epochs, double sleep, int maxTrials, object range) =>
        JsonSerializer.Serialize(new
        {
            name,
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[] { "/bin/bash", "-c", ShellJobs.CheckpointingCounter },
                metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
                environment = new Dictionary<string, string> { ["EPOCHS"] = $"{epochs}", ["SLEEP"] = $"{sleep}" },
            },
            strategy = "Random",
            hyperParameterRanges = new[] { range },
            limits = new { maxTrials, maxParallel = 2 },
        });

    private static JobDirectory Job(TempDirectory dir, string name) => JobDirectory.For(dir.File("caviar-artifacts"), name);

    private static string Log(TempDirectory dir, string name, int attempt = 0) =>
        File.Exists(Job(dir, name).LogFile(attempt))
            ? File.ReadAllText(Job(dir, name).LogFile(attempt)) : "";

    [Fact]
    public void Train_runs_a_job_and_logs_prints_it()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("job.json"), TrainSpec("plain", epochs: 3, sleep: 0));
        var train = CliRunner.Run(dir.Path, "train", "job.json");
        Assert.True(train.ExitCode == 0, train.All);
        Assert.Contains("Completed after 1 attempt(s)", train.Output);
        // Each metric value as it is read, one plain line each (no markup: they are printed while the job runs).
        var printed = train.Output.Split('\n').Where(line => line.StartsWith("  loss step ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, printed.Count);
        Assert.Equal("  loss step 3: 0.3333", printed[2].TrimEnd('\r'));

        var logs = CliRunner.Run(dir.Path, "logs", "plain");
        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("==> attempt 0 <==", logs.Output);
        Assert.Contains("epoch=3 loss=0.3333", logs.Output);

        var again = CliRunner.Run(dir.Path, "train", "job.json");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("pass --resume", again.All);
    }

    [Fact]
    public async Task Spot_interruption_kill_9_then_resume_ends_like_an_uninterrupted_run()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("whole.json"), TrainSpec("whole", epochs: 6, sleep: 0));
        Assert.Equal(0, CliRunner.Run(dir.Path, "train", "whole.json").ExitCode);
        double uninterrupted = JobStatus.Read(Job(dir, "whole").StatusFile)!.FinalMetrics["loss"];

        File.WriteAllText(dir.File("spot.json"), TrainSpec("spot", epochs: 6, sleep: 1.0));
        using (var first = CliRunner.Start(dir.Path, "train", "spot.json"))
        {
            await Eventually.True(() => Log(dir, "spot").Contains("epoch=2 "));
            first.Kill(entireProcessTree: true);          // SIGKILL to caviar and the job: nothing gets to clean up
            first.WaitForExit();
        }
        Assert.Equal(JobState.Running, JobStatus.Read(Job(dir, "spot").StatusFile)!.State);

        var resumed = CliRunner.Run(dir.Path, "train", "spot.json", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        var status = JobStatus.Read(Job(dir, "spot").StatusFile)!;
        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(2, status.Attempts);
        Assert.Contains("resumed at", Log(dir, "spot", attempt: 1));
        Assert.Equal(uninterrupted, status.FinalMetrics["loss"]);
    }

    [Fact]
    public async Task Spot_interruption_of_the_job_process_is_retried_from_the_checkpoint()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spot.json"), TrainSpec("retried", epochs: 5, sleep: 0.4, retries: 2));
        using var train = CliRunner.Start(dir.Path, "train", "spot.json");
        await Eventually.True(() => Log(dir, "retried").Contains("epoch=2 "));
        int jobPid = JobStatus.Read(Job(dir, "retried").StatusFile)!.JobProcessId!.Value;
        Process.GetProcessById(jobPid).Kill();             // SIGKILL to the training script only
        Assert.True(train.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, train.ExitCode);

        var status = JobStatus.Read(Job(dir, "retried").StatusFile)!;
        Assert.Equal((JobState.Completed, 2), (status.State, status.Attempts));
        Assert.Contains("killed by signal 9", Log(dir, "retried", 0));
        Assert.Contains("resumed at", Log(dir, "retried", 1));
        Assert.Equal(0.2, status.FinalMetrics["loss"]);
    }

    [Fact]
    public async Task Killing_the_tuning_process_and_resuming_loses_no_trial_and_runs_no_job_twice()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tune.json"), TuneSpec("resilient", epochs: 4, sleep: 0.3, maxTrials: 8,
            new { type = "integer", name = "width", minValue = 1, maxValue = 64 }));
        using (var tuner = CliRunner.Start(dir.Path, "tune", "tune.json"))
        {
            await Eventually.True(() =>
            {
                var trials = Trials(dir);
                return trials.Count(t => t.State == TrialState.Completed) >= 2 && trials.Any(t => t.State == TrialState.Running);
            }, timeoutSeconds: 60);
            tuner.Kill(entireProcessTree: false);             // SIGKILL to the tuner; its jobs' runners live on
            tuner.WaitForExit();
        }
        var before = Trials(dir);
        Assert.Contains(before, t => t.State == TrialState.Running);

        var resumed = CliRunner.Run(dir.Path, "tune", "tune.json", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);

        var after = Trials(dir);
        Assert.Equal(Enumerable.Range(0, 8), after.Select(t => t.Number));
        Assert.All(after, t => Assert.Equal(TrialState.Completed, t.State));
        foreach (var done in before.Where(t => t.State == TrialState.Completed))
            Assert.Equal(done.Value, after[done.Number].Value);
        Assert.Equal(8, Directory.GetDirectories(dir.File("caviar-artifacts/jobs")).Length);
        for (int n = 0; n < 8; n++)
        {
            string name = $"resilient-{n:D4}";
            string runnerLog = File.Exists(Path.Combine(Job(dir, name).Root, "runner.log"))
                ? File.ReadAllText(Path.Combine(Job(dir, name).Root, "runner.log")) : "(no runner log)";
            Assert.True(JobStatus.Read(Job(dir, name).StatusFile)!.Attempts == 1, $"{name} ran more than once: {runnerLog}\n{resumed.All}");
            Assert.True(Log(dir, name).Split('\n').Count(l => l.StartsWith("epoch=")) == 4, $"{name} log:\n{Log(dir, name)}");
        }
    }

    [Fact]
    public async Task Stop_asks_a_running_tuning_job_to_stop()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tune.json"), TuneSpec("stoppable", epochs: 20, sleep: 0.5, maxTrials: 10,
            new { type = "continuous", name = "lr", minValue = 1e-4, maxValue = 1e-1 }));
        using var tuner = CliRunner.Start(dir.Path, "tune", "tune.json");
        await Eventually.True(() => Trials(dir).Any(t => t.IntermediateValues.Count > 0), timeoutSeconds: 60);
        var stop = CliRunner.Run(dir.Path, "stop", "stoppable");
        Assert.True(stop.ExitCode == 0, stop.All);
        Assert.True(tuner.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, tuner.ExitCode);

        var trials = Trials(dir);
        Assert.True(trials.Count < 10);
        Assert.Contains(trials, t => t.State == TrialState.Stopped);
        Assert.DoesNotContain(trials, t => t.State == TrialState.Running);
    }

    private static IReadOnlyList<TrialRecord> Trials(TempDirectory dir)
    {
        if (!File.Exists(dir.File("caviar.db"))) return [];
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        return store.ListStudies() is [var study, ..] ? store.GetTrials(study.Id) : [];
    }
}
