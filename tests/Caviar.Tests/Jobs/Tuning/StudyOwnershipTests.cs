using Caviar.Storage;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;
using Microsoft.Data.Sqlite;

namespace Caviar.Tests.Hardening;

/// <summary>Issue 9, item 2: one owner per study, through a lease with a heartbeat (SQLite; PostgreSQL in its own class).</summary>
public class StudyOwnershipTests
{
    [Fact]
    public async Task A_second_tuner_is_refused_naming_the_owner_and_joins_as_a_worker_when_asked()
    {
        using var dir = new TempDirectory();
        await OwnershipScenario.SecondTunerIsRefusedThenJoins(dir, dir.File("caviar.db"));
    }

    /// <summary>
    /// A lease held elsewhere: while its heartbeat is fresh nothing is touched (its running trial included); once stale,
    /// --resume takes the study over and finishes the trial it left running.
    /// </summary>
    [Fact]
    public void Only_a_stale_owner_loses_its_running_trials()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tune.json"), OwnershipScenario.Spec("leased", maxTrials: 3, sleep: 0));
        var created = CliRunner.Run(dir.Path, "tune", "tune.json");
        Assert.True(created.ExitCode == 0, created.All);
        File.WriteAllText(dir.File("tune.json"), OwnershipScenario.Spec("leased", maxTrials: 4, sleep: 0));
        long studyId;
        using (var store = SqliteStudyStore.Open(dir.File("caviar.db")))
        {
            studyId = store.FindStudy("leased")!.Id;
            store.CreateTrialWithValues(studyId, DateTimeOffset.UtcNow,
                _ => [new TrialParam("width", 7, new Caviar.SearchSpaces.IntegerRange("width", 1, 64))]);
            var now = DateTimeOffset.UtcNow;
            Assert.True(store.TryAcquireLease(studyId, "other-owner", "elsewhere", 4242, now.AddMinutes(-5), now.AddMinutes(-6)).Acquired);
            store.RenewLease(studyId, "other-owner", now);
        }

        var refused = CliRunner.Run(dir.Path, "tune", "tune.json", "--resume");
        Assert.True(refused.ExitCode == 2, refused.All);
        Assert.Contains("host elsewhere, PID 4242", refused.All);
        Assert.Equal(TrialState.Running, OwnershipScenario.Trials(dir.File("caviar.db"), "leased")[3].State);

        using (var connection = new SqliteConnection($"Data Source={dir.File("caviar.db")}"))
        {
            connection.Open();
            using var age = connection.CreateCommand();
            age.CommandText = $"UPDATE study_leases SET heartbeat_at_ms = {DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()}";
            age.ExecuteNonQuery();
        }
        var resumed = CliRunner.Run(dir.Path, "tune", "tune.json", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        var trials = OwnershipScenario.Trials(dir.File("caviar.db"), "leased");
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.Equal(7, (long)trials[3].ExternalParams["width"]);
        using var check = SqliteStudyStore.Open(dir.File("caviar.db"));
        Assert.Null(check.FindLease(studyId));                       // given back at the end
    }

    /// <summary>A store written before leases existed (schema 2) opens, is migrated, and keeps every trial.</summary>
    [Fact]
    public void A_schema_2_store_is_migrated_and_keeps_its_trials()
    {
        using var dir = new TempDirectory();
        using (var store = SqliteStudyStore.Open(dir.File("old.db")))
        {
            var study = store.CreateStudy("old", ObjectiveDirection.Minimize, DateTimeOffset.UtcNow);
            var trial = store.CreateTrial(study.Id, DateTimeOffset.UtcNow);
            store.FinishTrial(trial.Id, TrialState.Completed, 1.5, DateTimeOffset.UtcNow);
        }
        using (var connection = new SqliteConnection($"Data Source={dir.File("old.db")};Pooling=false"))
        {
            connection.Open();
            using var downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE study_leases; ALTER TABLE trials DROP COLUMN curve_rewrites; UPDATE schema_version SET version = 2;";
            downgrade.ExecuteNonQuery();
        }

        using var reopened = SqliteStudyStore.Open(dir.File("old.db"));
        var old = reopened.FindStudy("old")!;
        Assert.Equal(1.5, reopened.GetTrials(old.Id).Single().Value);
        Assert.True(reopened.TryAcquireLease(old.Id, "me", "here", 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow).Acquired);
        Assert.Equal("me", reopened.FindLease(old.Id)!.Owner);
    }
}
