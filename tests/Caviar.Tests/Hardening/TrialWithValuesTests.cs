using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.SearchSpaces;
using Caviar.Storage.Sqlite;
using Caviar.Studies;
using Caviar.Tests.Cli;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;
using Caviar.Trials;
using Microsoft.Data.Sqlite;

namespace Caviar.Tests.Hardening;

/// <summary>Issue 9, item 1: a trial is never stored, nor its job run, without its hyperparameters.</summary>
public class TrialWithValuesTests
{
    /// <summary>
    /// The database refuses every value row (as a full disk or a kill between two writes would): the trial must not be
    /// left behind without its values — the trial row and its values commit together or not at all.
    /// </summary>
    [Fact]
    public void Ask_writes_the_trial_and_its_values_in_one_transaction()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("s.db"));
        var study = Study.Create(store, "atomic", ObjectiveDirection.Minimize);
        using (var connection = new SqliteConnection($"Data Source={dir.File("s.db")}"))
        {
            connection.Open();
            using var trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER refuse_values BEFORE INSERT ON trial_params BEGIN SELECT RAISE(ABORT, 'no space'); END;";
            trigger.ExecuteNonQuery();
        }

        Assert.ThrowsAny<Exception>(() => study.Ask(new SearchSpace([new ContinuousRange("x", 0, 1)])));

        Assert.Empty(study.Trials);
    }

    /// <summary>
    /// The state a SIGKILL between the two writes of an older Caviar left: a Running trial without values. Resuming must
    /// draw its values before its job runs; the job then sees them in its hyperparameters.
    /// </summary>
    [Fact]
    public void A_resumed_orphan_without_values_draws_them_before_its_job_runs()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name = "orphan",
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[] { "/bin/bash", "-c", "x=$(sed -n 's/.*\"x\": *\\([-0-9.eE+]*\\).*/\\1/p' \"$CAVIAR_HYPERPARAMETERS\"); echo \"epoch=1 loss=${x:-999}\"" },
                metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
                hyperParameters = new { epochs = 1 },
            },
            strategy = "Random",
            hyperParameterRanges = new[] { new { type = "continuous", name = "x", minValue = 0.0, maxValue = 1.0 } },
            limits = new { maxTrials = 2, maxParallel = 1 },
        }));
        var first = CliRunner.Run(dir.Path, "tune", "tune.json");
        Assert.True(first.ExitCode == 0, first.All);
        // Add a third trial the way an interrupted older tuner left it: the row, no values.
        using (var store = SqliteStudyStore.Open(dir.File("caviar.db")))
            store.CreateTrial(store.FindStudy("orphan")!.Id, DateTimeOffset.UtcNow);
        string spec = File.ReadAllText(dir.File("tune.json")).Replace("\"maxTrials\":2", "\"maxTrials\":3");
        File.WriteAllText(dir.File("tune.json"), spec);

        var resumed = CliRunner.Run(dir.Path, "tune", "tune.json", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);

        using var check = SqliteStudyStore.Open(dir.File("caviar.db"));
        var trials = check.GetTrials(check.FindStudy("orphan")!.Id);
        Assert.Equal(3, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.All(trials, t => Assert.True(t.Params.ContainsKey("x"), $"trial {t.Number} has no x"));
        Assert.All(trials, t => Assert.Equal(t.Params["x"], t.Value!.Value, 5));
        var hyperParameters = File.ReadAllText(JobDirectory.For(dir.File("caviar-artifacts"), "orphan-0002").HyperParametersFile);
        Assert.Contains("\"x\"", hyperParameters);
    }
}
