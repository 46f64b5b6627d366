using System.Diagnostics;
using System.Text.Json;
using Caviar.Cli.Commands;
using Caviar.Jobs.Running;
using Caviar.Jobs.Layout;
using Caviar.Storage;
using Caviar.Tests.Cli;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Hardening;

/// <summary>
/// Two `caviar tune` processes on one study (issue 9, item 2), on any store: the first owns it, the second is refused
/// naming the owner, or with --join runs trials beside it; every trial runs its job exactly once.
/// </summary>
internal static class OwnershipScenario
{
    /// <summary>The checkpointing counter job; with <paramref name="gate"/>, each job first waits until that file exists.</summary>
    public static string Spec(string name, int maxTrials, double sleep, string? gate = null) => JsonSerializer.Serialize(new
    {
        name,
        objective = new { type = "Minimize", metricName = "loss" },
        trainingJob = new
        {
            command = new[] { "/bin/bash", "-c", "while [ -n \"$GATE\" ] && [ ! -f \"$GATE\" ]; do sleep 0.1; done\n" + ShellJobs.CheckpointingCounter },
            metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
            environment = new Dictionary<string, string> { ["EPOCHS"] = "3", ["SLEEP"] = $"{sleep}", ["GATE"] = gate ?? "" },
        },
        strategy = "Random",
        hyperParameterRanges = new[] { new { type = "integer", name = "width", minValue = 1, maxValue = 64 } },
        limits = new { maxTrials, maxParallel = 2 },
    });

    public static IReadOnlyList<TrialRecord> Trials(string store, string study)
    {
        using var opened = StoreLocations.Open(store);
        return opened.FindStudy(study) is { } found ? opened.GetTrials(found.Id) : [];
    }

    public static async Task SecondTunerIsRefusedThenJoins(TempDirectory dir, string store)
    {
        const int total = 8;
        // Every job waits at a gate until the joined worker has a trial of its own, so who runs what does not hang on timing.
        File.WriteAllText(dir.File("tune.json"), Spec("owned", maxTrials: total, sleep: 0.1, gate: dir.File("gate")));
        using var first = CliRunner.Start(dir.Path, "tune", "tune.json", "--store", store);
        var firstOutput = first.StandardOutput.ReadToEndAsync();
        var firstError = first.StandardError.ReadToEndAsync();
        await Eventually.True(() => Trials(store, "owned").Any(t => t.State == TrialState.Running), timeoutSeconds: 60);

        var joining = Task.Run(() => CliRunner.Run(dir.Path, "tune", "tune.json", "--join", "--store", store));
        var refused = CliRunner.Run(dir.Path, "tune", "tune.json", "--resume", "--store", store);
        Assert.True(refused.ExitCode == 2, refused.All);
        Assert.Contains($"PID {first.Id}", refused.All);
        Assert.Contains($"host {Environment.MachineName}", refused.All);
        Assert.Contains("--join", refused.All);

        await Eventually.True(() => Trials(store, "owned").Any(t => t.Worker is not null), timeoutSeconds: 90);
        File.WriteAllText(dir.File("gate"), "");
        var joined = await joining;
        Assert.True(joined.ExitCode == 0, joined.All);
        Assert.True(first.WaitForExit(TimeSpan.FromMinutes(2)), "the owner did not finish");
        Assert.True(first.ExitCode == 0, firstOutput.Result + firstError.Result);

        var trials = Trials(store, "owned");
        Assert.Equal(Enumerable.Range(0, total), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.True(t.State == TrialState.Completed, $"trial {t.Number}: {t.State} {t.FailureReason}"));
        Assert.True(trials.Any(t => t.Worker is not null), "the joined worker ran no trial: " + joined.All);
        Assert.Contains(trials, t => t.Worker is null);                  // the owner ran the others
        for (int n = 0; n < total; n++)
        {
            var job = JobDirectory.For(dir.File("caviar-artifacts"), $"owned-{n:D4}");
            Assert.Equal(1, JobStatus.Read(job.StatusFile)!.Attempts);
            Assert.Equal(3, File.ReadAllText(job.LogFile(0)).Split('\n').Count(l => l.StartsWith("epoch=")));
        }
    }
}
