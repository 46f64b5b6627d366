using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Cli;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Hardening;

/// <summary>Issue 9, item 4: the artifacts folder on a small tmpfs that fills up for real.</summary>
public class DiskFullTests
{
    /// <summary>Writes a model of MODEL_KB KiB (failing, as `head` does, on a full disk), then logs its loss.</summary>
    private const string ModelWriter = """
        set -e
        head -c $(( ${MODEL_KB:-0} * 1024 )) /dev/zero > "$CAVIAR_MODEL_DIR/model.bin"
        echo "epoch=1 loss=$(( ${MODEL_KB:-0} % 7 + 1 ))"
        """;

    /// <summary>The console wraps long lines: compare with every run of white space as one space.</summary>
    private static string OneLine(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");

    private static string[] TemporaryFiles(string root) =>
        Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories);

    [TmpfsFact]
    public void Train_on_a_full_disk_ends_failed_with_the_reason_after_its_retries()
    {
        using var dir = new TempDirectory();
        using var disk = new Tmpfs(dir.File("artifacts"), 512);
        File.WriteAllText(dir.File("job.json"), JsonSerializer.Serialize(new
        {
            name = "big",
            command = new[] { "/bin/bash", "-c", ModelWriter },
            metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
            environment = new Dictionary<string, string> { ["MODEL_KB"] = "2048" },
            retryStrategy = new { maximumRetryAttempts = 1 },
        }));

        var train = CliRunner.Run(dir.Path, "train", "job.json", "--artifacts", disk.Path);

        Assert.True(train.ExitCode == 1, train.All);
        Assert.Contains("no space left on device", OneLine(train.All));
        var status = JobStatus.Read(JobDirectory.For(disk.Path, "big").StatusFile)!;
        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(DiskSpace.NoSpaceReason, status.FailureReason);
        Assert.Equal(2, status.Attempts);                                   // the retry policy applied
        Assert.Null(status.RunnerProcessId);
        Assert.Empty(TemporaryFiles(disk.Path));
    }

    /// <summary>A job that exits 0 after output its log could not take has lost metrics: it fails, it does not complete.</summary>
    [TmpfsFact]
    public void A_job_whose_log_could_not_be_written_does_not_complete()
    {
        using var dir = new TempDirectory();
        using var disk = new Tmpfs(dir.File("artifacts"), 256);
        File.WriteAllText(dir.File("job.json"), JsonSerializer.Serialize(new
        {
            name = "chatty",
            command = new[] { "/bin/bash", "-c", "for i in $(seq 1 20000); do echo \"epoch=$i loss=0.$i and some padding to fill the log\"; done" },
            metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
        }));

        var train = CliRunner.Run(dir.Path, "train", "job.json", "--artifacts", disk.Path);

        Assert.True(train.ExitCode == 1, train.All);
        var status = JobStatus.Read(JobDirectory.For(disk.Path, "chatty").StatusFile)!;
        Assert.Equal((JobState.Failed, DiskSpace.NoSpaceReason), (status.State, status.FailureReason));
        Assert.Empty(TemporaryFiles(disk.Path));
    }

    /// <summary>
    /// Each trial's job writes a 64 KiB model; the disk fills after a few. The tuner stops at the first such failure
    /// (exit 1, a clear message), nothing in the store is half-written, and once space is freed --resume finishes the job.
    /// </summary>
    [TmpfsFact]
    public void Tune_stops_at_the_first_disk_full_failure_and_resume_continues_once_space_is_freed()
    {
        using var dir = new TempDirectory();
        using var disk = new Tmpfs(dir.File("artifacts"), 2048);
        File.WriteAllText(disk.File("filler"), new string('x', 1700 * 1024));
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name = "full",
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[] { "/bin/bash", "-c", ModelWriter },
                metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
                environment = new Dictionary<string, string> { ["MODEL_KB"] = "64" },
            },
            strategy = "Random",
            hyperParameterRanges = new[] { new { type = "integer", name = "width", minValue = 1, maxValue = 64 } },
            limits = new { maxTrials = 8, maxParallel = 1 },
        }));

        var full = CliRunner.Run(dir.Path, "tune", "tune.json", "--artifacts", disk.Path);

        Assert.True(full.ExitCode == 1, full.All);
        Assert.Contains("no space left on device", OneLine(full.All), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--resume", OneLine(full.All));
        var stopped = OwnershipScenario.Trials(dir.File("caviar.db"), "full");
        Assert.True(stopped.Count < 8, $"it went on after the disk was full: {stopped.Count} trials");
        var failed = Assert.Single(stopped, t => t.State == TrialState.Failed);
        Assert.Contains("no space left on device", failed.FailureReason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(failed.Number, stopped.Max(t => t.Number));            // the first such failure stopped it
        Assert.All(stopped, t => Assert.True(t.Params.ContainsKey("width")));
        Assert.Empty(TemporaryFiles(disk.Path));

        File.Delete(disk.File("filler"));
        var resumed = CliRunner.Run(dir.Path, "tune", "tune.json", "--resume", "--artifacts", disk.Path);

        Assert.True(resumed.ExitCode == 0, resumed.All);
        var trials = OwnershipScenario.Trials(dir.File("caviar.db"), "full");
        Assert.Equal(Enumerable.Range(0, 8), trials.Select(t => t.Number));
        Assert.True(trials.Count(t => t.State == TrialState.Completed) == 7,
            string.Join("; ", trials.Select(t => $"{t.Number} {t.State} {t.FailureReason}")) + resumed.All);
        Assert.Equal(failed.Number, Assert.Single(trials, t => t.State == TrialState.Failed).Number);
        Assert.Empty(TemporaryFiles(disk.Path));
    }

    [TmpfsFact]
    public async Task A_worker_on_a_full_disk_fails_one_trial_then_pauses_instead_of_failing_every_trial()
    {
        using var dir = new TempDirectory();
        using var disk = new Tmpfs(dir.File("artifacts"), 256);
        File.WriteAllText(disk.File("filler"), new string('x', 250 * 1024));
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name = "fleet",
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[] { "/bin/bash", "-c", ModelWriter },
                metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
            },
            strategy = "Random",
            hyperParameterRanges = new[] { new { type = "integer", name = "width", minValue = 1, maxValue = 64 } },
            limits = new { maxTrials = 20, maxParallel = 1 },
        }));

        IReadOnlyList<TrialRecord> trials;
        using (var worker = CliRunner.Start(dir.Path, "worker", "tune.json", "--artifacts", disk.Path))
        {
            try
            {
                await Eventually.True(() => File.Exists(dir.File("caviar.db")) && OwnershipScenario.Trials(dir.File("caviar.db"), "fleet")
                    .Any(t => t.State == TrialState.Failed), 60);
                await Task.Delay(TimeSpan.FromSeconds(4));   // within the 10 s pause: no other trial is taken
                trials = OwnershipScenario.Trials(dir.File("caviar.db"), "fleet");
            }
            finally
            {
                worker.Kill(entireProcessTree: true);
                worker.WaitForExit();
            }
        }

        var failed = Assert.Single(trials);
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Contains("no space left on device", failed.FailureReason, StringComparison.OrdinalIgnoreCase);
    }
}
