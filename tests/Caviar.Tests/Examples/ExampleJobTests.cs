using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Examples;

/// <summary>The example jobs (Python and C#) trained and tuned end to end through the real CLI.</summary>
public class ExampleJobTests
{
    private static string Examples => RepositoryRoot.File("examples/jobs");

    private static IReadOnlyList<TrialRecord> Trials(TempDirectory dir, string study)
    {
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        return store.GetTrials(store.FindStudy(study)!.Id);
    }

    private static JobStatus Status(TempDirectory dir, string job) =>
        JobStatus.Read(JobDirectory.For(dir.File("caviar-artifacts"), job).StatusFile)!;

    [Fact]
    public void The_python_example_is_tuned_end_to_end()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(dir.Path, "tune", Path.Combine(Examples, "python-tuning.json"), "--parallel", "2");
        Assert.True(run.ExitCode == 0, run.All);

        var trials = Trials(dir, "linear-python-tuning");
        Assert.InRange(trials.Count, 8, 12);
        Assert.DoesNotContain(trials, t => t.State is TrialState.Running);
        var best = trials.Where(t => t.State == TrialState.Completed).MinBy(t => t.Value)!;
        Assert.True(best.Value < 0.03, $"best val_loss {best.Value}");       // the noise level is 0.01
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], best.IntermediateValues.Keys);
        var job = Status(dir, $"linear-python-tuning-{best.Number:D4}");
        Assert.Equal(best.Value, job.FinalMetrics["val_loss"]);
        var hyperparameters = File.ReadAllText(JobDirectory.For(dir.File("caviar-artifacts"), $"linear-python-tuning-{best.Number:D4}").HyperParametersFile);
        Assert.Contains("\"epochs\": 6", hyperparameters);
        Assert.Contains("\"lr\":", hyperparameters);
    }

    [Fact]
    public void The_csharp_example_is_tuned_end_to_end_with_hyperband_over_a_pipe_channel()
    {
        using var dir = new TempDirectory();
        string dll = Path.Combine(AppContext.BaseDirectory, "Caviar.Examples.LinearJob.dll");
        var spec = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(Path.Combine(Examples, "csharp-tuning.json")))!;
        string text = File.ReadAllText(Path.Combine(Examples, "csharp-tuning.json"))
            .Replace("csharp/Caviar.Examples.LinearJob/bin/Debug/net10.0/Caviar.Examples.LinearJob.dll", dll)
            .Replace("../data/regression/train.csv", RepositoryRoot.File("examples/data/regression/train.csv"));
        Assert.Contains("Hyperband", spec["strategy"].GetString());
        File.WriteAllText(dir.File("csharp-tuning.json"), text);

        var run = CliRunner.Run(dir.Path, "tune", "csharp-tuning.json");
        Assert.True(run.ExitCode == 0, run.All);
        var trials = Trials(dir, "linear-csharp-tuning");
        Assert.Equal(10, trials.Count);
        var completed = trials.Where(t => t.State == TrialState.Completed).ToList();
        Assert.NotEmpty(completed);
        Assert.True(completed.Min(t => t.Value) < 0.05, $"best val_loss {completed.Min(t => t.Value)}");
        Assert.All(trials.Where(t => t.State == TrialState.Pruned), t => Assert.True(t.IntermediateValues.Count < 6));
        Assert.All(trials, t => Assert.True(t.State is TrialState.Completed or TrialState.Pruned, $"{t.State}: {t.FailureReason}"));
    }

    [Fact]
    public async Task The_python_example_killed_with_sigkill_resumes_to_the_same_final_metric()
    {
        using var dir = new TempDirectory();
        string Spec(string name, double sleep) => File.ReadAllText(Path.Combine(Examples, "python-train.json"))
            .Replace("\"linear-python\"", $"\"{name}\"")
            .Replace("\"seed\": 1", $"\"seed\": 1, \"sleep_seconds\": {sleep}")
            .Replace("python/train.py", Path.Combine(Examples, "python/train.py"))
            .Replace("../data/", RepositoryRoot.File("examples/data") + "/");
        File.WriteAllText(dir.File("whole.json"), Spec("whole", 0));
        File.WriteAllText(dir.File("spot.json"), Spec("spot", 0.4));

        Assert.Equal(0, CliRunner.Run(dir.Path, "train", "whole.json").ExitCode);
        string LastLine(string job) => File.ReadAllLines(JobDirectory.For(dir.File("caviar-artifacts"), job).LogFile(Status(dir, job).Attempts - 1))
            .Last(l => l.StartsWith("final val_loss="));
        string uninterrupted = LastLine("whole");

        using (var first = CliRunner.Start(dir.Path, "train", "spot.json"))
        {
            string log = JobDirectory.For(dir.File("caviar-artifacts"), "spot").LogFile(0);
            await Eventually.True(() => File.Exists(log) && File.ReadAllText(log).Contains("epoch=3 "));
            first.Kill(entireProcessTree: true);
            first.WaitForExit();
        }
        var resumed = CliRunner.Run(dir.Path, "train", "spot.json", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains("resumed from epoch", File.ReadAllText(JobDirectory.For(dir.File("caviar-artifacts"), "spot").LogFile(1)));
        Assert.Equal(uninterrupted, LastLine("spot"));
        Assert.Equal(Status(dir, "whole").FinalMetrics["val_loss"], Status(dir, "spot").FinalMetrics["val_loss"]);
    }

    [Fact]
    public void The_csharp_example_fails_with_its_reason_when_asked_to()
    {
        using var dir = new TempDirectory();
        string dll = Path.Combine(AppContext.BaseDirectory, "Caviar.Examples.LinearJob.dll");
        File.WriteAllText(dir.File("fail.json"), JsonSerializer.Serialize(new
        {
            name = "failing",
            command = new[] { "dotnet", dll },
            hyperParameters = new { epochs = 5, fail_at_epoch = 2 },
            channels = new[] { new { name = "train", path = RepositoryRoot.File("examples/data/regression/train.csv") } },
        }));
        var run = CliRunner.Run(dir.Path, "train", "fail.json");
        Assert.Equal(1, run.ExitCode);
        var status = Status(dir, "failing");
        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal("InvalidOperationException: fail_at_epoch reached at epoch 2", status.FailureReason);
    }
}
