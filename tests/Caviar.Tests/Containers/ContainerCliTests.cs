using System.Diagnostics;
using System.Text.Json;
using Caviar.Trials;
using Caviar.Jobs.Layout;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary>The real <c>caviar</c> with jobs from an image: refusals before anything starts, and a tuning job over containers.</summary>
[Trait("Needs", "podman")]
public class ContainerCliTests
{
    private static void WriteJob(TempDirectory dir, object job) =>
        File.WriteAllText(dir.File("job.json"), JsonSerializer.Serialize(job));

    private static object Job(string image, string[]? command = null) => new
    {
        name = "refused", image, command,
        channels = new[] { new { name = "train", path = "data" } },
    };

    [PodmanFact]
    public void An_image_that_does_not_exist_is_refused_naming_the_field_and_nothing_is_written()
    {
        using var dir = new TempDirectory();
        AlgoJobs.WriteData(dir);
        WriteJob(dir, Job("local/caviar-no-such-image:1"));
        var run = CliRunner.Run(dir.Path, "train", "job.json");

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains("error: image: image 'local/caviar-no-such-image:1' does not exist here", Flat(run.All));
        Assert.False(Directory.Exists(dir.File("caviar-artifacts")));
    }

    [PodmanFact]
    public void An_image_without_an_entrypoint_needs_a_command()
    {
        using var dir = new TempDirectory();
        AlgoJobs.WriteData(dir);
        ExampleImage.Ensure();
        WriteJob(dir, Job(ExampleImage.BaseTag));
        var refused = CliRunner.Run(dir.Path, "train", "job.json");
        Assert.True(refused.ExitCode == 2, refused.All);
        Assert.Contains($"error: command: image '{ExampleImage.BaseTag}' has no entrypoint", Flat(refused.All));

        WriteJob(dir, Job(ExampleImage.BaseTag, ["/bin/sh", "-c", "ls /opt/ml/input/data/train > /opt/ml/model/seen"]));
        var given = CliRunner.Run(dir.Path, "train", "job.json");
        Assert.True(given.ExitCode == 0, given.All);
        Assert.Equal("train.csv", File.ReadAllText(JobDirectory.For(dir.File("caviar-artifacts"), "refused").ModelDirectory + "/seen").Trim());
    }

    [PodmanFact]
    public void An_engine_that_is_not_there_is_refused_naming_the_image_field()
    {
        using var dir = new TempDirectory();
        AlgoJobs.WriteData(dir);
        WriteJob(dir, Job(ExampleImage.Tag));
        var run = RunWith(dir, new() { ["CAVIAR_CONTAINER_ENGINE"] = "/nonexistent/podman" }, "train", "job.json");

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains("error: image: the container engine '/nonexistent/podman' (CAVIAR_CONTAINER_ENGINE) does not exist", Flat(run.All));
        Assert.False(Directory.Exists(dir.File("caviar-artifacts")));
    }

    [PodmanFact]
    public void A_tuning_job_runs_six_trials_in_containers_two_at_a_time()
    {
        using var dir = new TempDirectory();
        AlgoJobs.WriteData(dir);
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name = "boxed-tuning",
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                image = ExampleImage.Ensure(),
                hyperParameters = new { epochs = 4 },
                channels = new[] { new { name = "train", path = "data" } },
                metricDefinitions = new[] { new { name = AlgoJobs.Loss.Name, regex = AlgoJobs.Loss.Regex } },
            },
            strategy = "Random",
            seed = 3,
            hyperParameterRanges = new[] { new { type = "continuous", name = "learning_rate", minValue = 0.01, maxValue = 0.2 } },
            limits = new { maxTrials = 6, maxParallel = 2 },
        }));
        var run = CliRunner.Run(dir.Path, "tune", "tune.json");
        Assert.True(run.ExitCode == 0, run.All);

        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        var trials = store.GetTrials(store.FindStudy("boxed-tuning")!.Id);
        Assert.Equal(6, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        foreach (var trial in trials)
        {
            // Each trial's value is the last loss its container printed, for the learning rate it was given.
            var job = JobDirectory.For(dir.File("caviar-artifacts"), $"boxed-tuning-{trial.Number:D4}");
            string lastLoss = File.ReadLines(job.LogFile(0)).Last(l => l.StartsWith("epoch=4 ")).Split("loss=")[1];
            Assert.Equal(double.Parse(lastLoss, System.Globalization.CultureInfo.InvariantCulture), trial.Value!.Value, 9);
            using var given = JsonDocument.Parse(File.ReadAllText(job.HyperParametersFile));
            Assert.Equal(trial.Params["learning_rate"], double.Parse(given.RootElement.GetProperty("learning_rate").GetString()!,
                System.Globalization.CultureInfo.InvariantCulture), 12);
        }
        Assert.True(trials.Select(t => t.Value).Distinct().Count() > 1);
        // Two at a time: some trial started before another had finished.
        Assert.Contains(trials, a => trials.Any(b => b.Number != a.Number && b.StartedAt < a.FinishedAt && a.StartedAt < b.FinishedAt));
    }

    private static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    private static CliRunner.Result RunWith(TempDirectory dir, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(CliRunner.CaviarDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(2));
        return new CliRunner.Result(process.ExitCode, output.Result, error.Result);
    }
}
