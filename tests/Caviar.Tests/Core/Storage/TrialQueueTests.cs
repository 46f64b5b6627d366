using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Support;
using Caviar.Trials;
using Microsoft.Data.Sqlite;

namespace Caviar.Tests.Workers;

public class TrialQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Trials_are_created_only_under_the_limit()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("q.db"));
        long study = store.CreateStudy("s", ObjectiveDirection.Minimize, T0).Id;
        var made = Enumerable.Range(0, 5).Select(_ => store.CreateTrialWithin(study, 3, "w1", T0)).ToList();
        Assert.Equal([0, 1, 2], made.Take(3).Select(t => t!.Number));
        Assert.Null(made[3]);
        Assert.Equal(new TrialCounts(3, 0, 3), store.Count(study));
    }

    [Fact]
    public void A_trial_without_heartbeats_is_requeued_claimed_once_and_failed_after_max_attempts()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("q.db"));
        long study = store.CreateStudy("s", ObjectiveDirection.Minimize, T0).Id;
        var lost = store.CreateTrialWithin(study, 10, "dead", T0)!;
        store.SetParam(lost.Id, "x", 0.25, new ContinuousRange("x", 0, 1));
        store.ReportIntermediate(lost.Id, 1, 9.0);
        var alive = store.CreateTrialWithin(study, 10, "alive", T0)!;
        store.Heartbeat(alive.Id, "alive", T0.AddSeconds(50));

        Assert.Equal(1, store.RequeueStale(study, T0.AddSeconds(30), maxAttempts: 2, T0.AddSeconds(60)));
        var requeued = store.GetTrial(lost.Id);
        Assert.Equal(TrialState.Waiting, requeued.State);
        Assert.Equal(0.25, requeued.Params["x"]);
        Assert.Empty(requeued.IntermediateValues);
        Assert.Equal(TrialState.Running, store.GetTrial(alive.Id).State);

        var claimed = store.ClaimWaiting(study, "w2", T0.AddSeconds(61))!;
        Assert.Equal(lost.Id, claimed.Id);
        Assert.Null(store.ClaimWaiting(study, "w3", T0.AddSeconds(61)));

        store.Heartbeat(alive.Id, "alive", T0.AddSeconds(250));
        Assert.Equal(1, store.RequeueStale(study, T0.AddSeconds(200), maxAttempts: 2, T0.AddSeconds(300)));
        var failed = store.GetTrial(lost.Id);
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Equal("its worker stopped responding 2 times", failed.FailureReason);
    }

    [Fact]
    public void A_requeued_trial_cannot_be_finished_by_the_worker_that_lost_it()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("q.db"));
        long study = store.CreateStudy("s", ObjectiveDirection.Minimize, T0).Id;
        var trial = store.CreateTrialWithin(study, 1, "slow", T0)!;
        store.RequeueStale(study, T0.AddSeconds(1), 3, T0.AddSeconds(2));
        Assert.Throws<InvalidOperationException>(() => store.FinishTrial(trial.Id, TrialState.Completed, 1, T0.AddSeconds(3)));
        Assert.Equal(TrialState.Waiting, store.GetTrial(trial.Id).State);
    }

    private static readonly ContinuousRange X = new("x", 0, 1);

    [Fact]
    public void Drawn_values_are_stored_with_the_trial_and_a_failed_draw_fails_it()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("q.db"));
        long study = store.CreateStudy("s", ObjectiveDirection.Minimize, T0).Id;
        var made = store.CreateTrialWithin(study, 5, "w", T0, number => [new TrialParam("x", 0.1 * (number + 1), X)])!;
        Assert.Equal(0.1, made.Params["x"]);
        Assert.Equal(0.1, store.GetTrial(made.Id).Params["x"]);

        var error = Assert.Throws<Caviar.Validation.CaviarValidationException>(() =>
            store.CreateTrialWithin(study, 5, "w", T0, _ => [new TrialParam("x", 7, X)]));
        Assert.Equal("x", error.Field);
        var refused = store.GetTrials(study)[1];
        Assert.Equal(TrialState.Failed, refused.State);
        Assert.StartsWith("its values could not be drawn", refused.FailureReason);
        Assert.Empty(refused.Params);
    }

    [Fact]
    public void A_trial_whose_worker_died_before_writing_its_values_gets_them_from_whoever_claims_it()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("q.db"));
        var study = Caviar.Studies.Study.Create(store, "s", ObjectiveDirection.Minimize);
        var orphan = store.CreateTrialWithin(study.Record.Id, 5, "dead", T0)!;
        Assert.Empty(store.GetTrial(orphan.Id).Params);
        store.RequeueStale(study.Record.Id, T0.AddSeconds(30), 3, T0.AddSeconds(31));

        var claimed = store.ClaimWaiting(study.Record.Id, "w2", T0.AddSeconds(32))!;
        var trial = study.Reattach(claimed, default, new SearchSpace([X]));
        double x = Convert.ToDouble(trial.Params["x"]);
        study.Tell(trial, x * x);
        var finished = store.GetTrial(orphan.Id);
        Assert.Equal((TrialState.Completed, x * x, x), (finished.State, finished.Value!.Value, finished.Params["x"]));
    }

    [Fact]
    public void A_store_of_schema_1_is_migrated_and_keeps_its_trials()
    {
        using var dir = new TempDirectory();
        string path = dir.File("old.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);
                CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, direction TEXT NOT NULL, created_at_ms INTEGER NOT NULL, configuration TEXT);
                CREATE TABLE trials (id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL, number INTEGER NOT NULL, state TEXT NOT NULL, value REAL,
                    started_at_ms INTEGER NOT NULL, finished_at_ms INTEGER, failure_reason TEXT, UNIQUE (study_id, number));
                CREATE TABLE trial_params (trial_id INTEGER NOT NULL, name TEXT NOT NULL, value REAL NOT NULL, distribution TEXT NOT NULL, PRIMARY KEY (trial_id, name));
                CREATE TABLE trial_intermediate_values (trial_id INTEGER NOT NULL, step INTEGER NOT NULL, value REAL, PRIMARY KEY (trial_id, step));
                INSERT INTO studies VALUES (1, 'old', 'Minimize', 0, NULL);
                INSERT INTO trials VALUES (1, 1, 0, 'Completed', 0.5, 0, 1, NULL);
                """;
            command.ExecuteNonQuery();
        }
        using var store = SqliteStudyStore.Open(path);
        var trial = store.GetTrials(store.FindStudy("old")!.Id).Single();
        Assert.Equal((TrialState.Completed, 0.5), (trial.State, trial.Value!.Value));
        Assert.Equal(1, store.CreateTrialWithin(1, 5, "w", T0)!.Number);
    }
}
