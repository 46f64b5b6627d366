using System.Data.Common;
using Caviar.Storage;
using Caviar.Storage.Postgres;
using Caviar.Storage.Relational;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Support;
using Caviar.Trials;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Caviar.Tests.Storage;

/// <summary>
/// A cache's read of a running trial takes only the values its held curve lacks (issue 19 follow-up, curve19), and still
/// sees every change: a rewritten earlier step, a step below the last, another connection's reports, a requeued
/// trial's dropped values; on a store migrated from schema 6 too. Run against real SQLite and real PostgreSQL.
/// </summary>
public abstract class CurveReadTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch;

    /// <summary>A new, empty store location.</summary>
    protected abstract string NewLocation();

    protected abstract RelationalStudyStore Open(string location);

    /// <summary>A connection of its own to the store, for writes that go around Caviar.</summary>
    protected abstract DbConnection Connect(string location);

    /// <summary>SQL making every change of a trial's curve_rewrites fail, as a crash between the two writes would stop it.</summary>
    protected abstract string FailRewriteCounts { get; }

    [Fact]
    public void A_rewritten_value_is_committed_only_with_its_rewrite_count()
    {
        string location = NewLocation();
        using var store = Open(location);
        var (trial, cache) = ReportedThrough(store, 3, step => step / 10.0);
        using (var connection = Connect(location)) Execute(connection, FailRewriteCounts);
        // The count's update fails after the value's: neither may stay (the cache would never read the value again).
        Assert.ThrowsAny<DbException>(() => store.ReportIntermediate(trial.Id, 2, 9.0));
        Assert.ThrowsAny<DbException>(() => cache.ReportAndRead(trial.Id, 1, 8.0));
        Assert.Equal([(1, 0.1), (2, 0.2), (3, 0.3)], Values(store.GetTrial(trial.Id)));
        // A new last step moves no count: written, and the store goes on working after the failures.
        Assert.Equal([(1, 0.1), (2, 0.2), (3, 0.3), (4, 0.4)], Values(cache.ReportAndRead(trial.Id, 4, 0.4)[trial.Number]));
        Assert.Equal([(1, 0.1), (2, 0.2), (3, 0.3), (4, 0.4)], Values(store.GetTrial(trial.Id)));
    }

    [Fact]
    public void Rewritten_earlier_steps_steps_below_the_last_and_another_connections_reports_are_seen_by_the_cache()
    {
        string location = NewLocation();
        using var mine = Open(location);
        using var other = Open(location);
        var (trial, cache) = ReportedThrough(mine, 5, step => step / 10.0);
        var heldBefore = cache.Read()[trial.Number].IntermediateValues;
        Seen(cache, trial, (1, 0.1), (2, 0.2), (3, 0.3), (4, 0.4), (5, 0.5));

        other.ReportIntermediate(trial.Id, 2, 9.0);   // an earlier step rewritten (a resume from a checkpoint)
        Seen(cache, trial, (1, 0.1), (2, 9.0), (3, 0.3), (4, 0.4), (5, 0.5));
        other.ReportIntermediate(trial.Id, 0, 7.0);   // a step below the first, arriving late
        Seen(cache, trial, (0, 7.0), (1, 0.1), (2, 9.0), (3, 0.3), (4, 0.4), (5, 0.5));
        other.ReportIntermediate(trial.Id, 6, 0.6);   // appended by another process
        other.ReportIntermediate(trial.Id, 7, 0.7);
        Seen(cache, trial, (0, 7.0), (1, 0.1), (2, 9.0), (3, 0.3), (4, 0.4), (5, 0.5), (6, 0.6), (7, 0.7));
        other.ReportIntermediate(trial.Id, 7, 0.25);  // the last step rewritten: read again on every read
        Seen(cache, trial, (0, 7.0), (1, 0.1), (2, 9.0), (3, 0.3), (4, 0.4), (5, 0.5), (6, 0.6), (7, 0.25));
        // The reporting connection's own rewrite, through the report's one round trip.
        var reported = cache.ReportAndRead(trial.Id, 3, double.NaN)[trial.Number];
        Assert.Equal([(0, 7.0), (1, 0.1), (2, 9.0), (3, double.NaN), (4, 0.4), (5, 0.5), (6, 0.6), (7, 0.25)], Values(reported));
        Seen(cache, trial, Values(mine.GetTrial(trial.Id)));
        // What an earlier read handed out never changes.
        Assert.Equal([(1, 0.1), (2, 0.2), (3, 0.3), (4, 0.4), (5, 0.5)], heldBefore.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void The_read_takes_only_values_from_the_held_last_step_on_unless_the_trials_rewrite_count_moved()
    {
        string location = NewLocation();
        using var store = Open(location);
        var (trial, cache) = ReportedThrough(store, 3, step => step);
        using var connection = Connect(location);

        // A value changed around Caviar, without counting it: the cache does not read step 1 again, so it keeps its value.
        Execute(connection, $"UPDATE trial_intermediate_values SET value = 42 WHERE trial_id = {trial.Id} AND step = 1");
        Seen(cache, trial, (1, 1.0), (2, 2.0), (3, 3.0));
        // Counted, as a report below the last step counts it: the whole curve is read again.
        Execute(connection, $"UPDATE trials SET curve_rewrites = curve_rewrites + 1 WHERE id = {trial.Id}");
        Seen(cache, trial, (1, 42.0), (2, 2.0), (3, 3.0));

        // Reports count what a reader holding the curve up to its last step would miss, and nothing else.
        long count = RewriteCount(connection, trial.Id);
        store.ReportIntermediate(trial.Id, 4, 4);     // a new last step
        store.ReportIntermediate(trial.Id, 4, 4.5);   // the last step again
        Assert.Equal(count, RewriteCount(connection, trial.Id));
        store.ReportIntermediate(trial.Id, 2, 2.5);   // below the last
        Assert.Equal(count + 1, RewriteCount(connection, trial.Id));
        Seen(cache, trial, (1, 42.0), (2, 2.5), (3, 3.0), (4, 4.5));
    }

    [Fact]
    public void A_requeued_trials_dropped_values_are_not_kept_by_the_cache()
    {
        string location = NewLocation();
        using var store = Open(location);
        long study = store.CreateStudy("requeued", ObjectiveDirection.Minimize, Start).Id;
        var trial = store.CreateTrialWithin(study, 10, "lost", Start)!;
        var cache = new TrialHistoryCache(store, study);
        for (int step = 1; step <= 3; step++) cache.ReportAndRead(trial.Id, step, step);

        Assert.Equal(1, store.RequeueStale(study, Start.AddMinutes(1), maxAttempts: 3, Start.AddMinutes(1)));
        Assert.Equal(TrialState.Waiting, cache.Read()[trial.Number].State);
        Seen(cache, trial);
        Assert.Equal(trial.Id, store.ClaimWaiting(study, "next", Start.AddMinutes(2))!.Id);
        cache.ReportAndRead(trial.Id, 1, 0.5);
        Seen(cache, trial, (1, 0.5));
    }

    [Fact]
    public void A_store_written_at_schema_6_keeps_its_curves_and_reads_them_incrementally_once_migrated()
    {
        string location = NewLocation();
        long study, running, finished;
        using (var old = Open(location))
        {
            study = old.CreateStudy("old", ObjectiveDirection.Minimize, Start).Id;
            finished = old.CreateTrial(study, Start).Id;
            for (int step = 1; step <= 4; step++) old.ReportIntermediate(finished, step, step);
            old.FinishTrial(finished, TrialState.Completed, 4, Start);
            running = old.CreateTrial(study, Start).Id;
            for (int step = 1; step <= 3; step++) old.ReportIntermediate(running, step, -step);
        }
        using (var connection = Connect(location))
            Execute(connection, "ALTER TABLE trials DROP COLUMN curve_rewrites; UPDATE schema_version SET version = 6");

        using var store = Open(location);
        using (var connection = Connect(location))
        {
            using var version = connection.CreateCommand();
            version.CommandText = "SELECT version FROM schema_version";
            Assert.Equal(RelationalSchema.Version, Convert.ToInt32(version.ExecuteScalar()));
        }
        var trials = store.GetTrials(study);
        Assert.Equal([(1, 1.0), (2, 2.0), (3, 3.0), (4, 4.0)], Values(trials[0]));
        Assert.Equal([(1, -1.0), (2, -2.0), (3, -3.0)], Values(trials[1]));
        var cache = new TrialHistoryCache(store, study);
        cache.ReportAndRead(running, 4, -4);
        store.ReportIntermediate(running, 1, -0.5);
        Seen(cache, trials[1], (1, -0.5), (2, -2.0), (3, -3.0), (4, -4.0));
    }

    /// <summary>A running trial of a new study, reported at steps 1 to <paramref name="steps"/> through a cache of the study.</summary>
    private static (TrialRecord Trial, TrialHistoryCache Cache) ReportedThrough(RelationalStudyStore store, int steps,
        Func<int, double> value)
    {
        long study = store.CreateStudy("curves", ObjectiveDirection.Minimize, Start).Id;
        var trial = store.CreateTrial(study, Start);
        var cache = new TrialHistoryCache(store, study);
        for (int step = 1; step <= steps; step++) cache.ReportAndRead(trial.Id, step, value(step));
        return (trial, cache);
    }

    /// <summary>The cache's trial holds exactly <paramref name="expected"/>, as a whole read of the store does.</summary>
    private static void Seen(TrialHistoryCache cache, TrialRecord trial, params (long Step, double Value)[] expected)
    {
        Assert.Equal(expected, Values(cache.Read()[trial.Number]));
    }

    private static (long Step, double Value)[] Values(TrialRecord trial) =>
        [.. trial.IntermediateValues.Select(p => (p.Key, p.Value))];

    private static long RewriteCount(DbConnection connection, long trialId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT curve_rewrites FROM trials WHERE id = {trialId}";
        return Convert.ToInt64(command.ExecuteScalar());
    }

    protected static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

public sealed class SqliteCurveReadTests : CurveReadTests, IDisposable
{
    private readonly TempDirectory _directory = new();
    private int _stores;

    protected override string NewLocation() => _directory.File($"curves-{++_stores}.db");

    protected override RelationalStudyStore Open(string location) => SqliteStudyStore.Open(location);

    protected override string FailRewriteCounts => """
        CREATE TRIGGER fail_rewrite_counts BEFORE UPDATE OF curve_rewrites ON trials
        WHEN NEW.curve_rewrites <> OLD.curve_rewrites BEGIN SELECT RAISE(ABORT, 'rewrite counted'); END;
        """;

    protected override DbConnection Connect(string location)
    {
        var connection = new SqliteConnection($"Data Source={location};Pooling=False");
        connection.Open();
        return connection;
    }

    [Fact]
    public void A_store_of_a_newer_schema_is_refused()
    {
        string location = NewLocation();
        SqliteStudyStore.Open(location).Dispose();
        using (var connection = Connect(location))
            Execute(connection, $"UPDATE schema_version SET version = {RelationalSchema.Version + 1}");
        var refused = Assert.Throws<InvalidOperationException>(() => SqliteStudyStore.Open(location));
        Assert.Contains("newer Caviar", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}

[Collection(PostgresCollection.Name)]
[Trait("Needs", "postgres")]
public sealed class PostgresCurveReadTests(PostgresServer server) : CurveReadTests
{
    protected override string NewLocation() => server.NewDatabase();

    protected override RelationalStudyStore Open(string location) => PostgresStudyStore.Open(location);

    protected override string FailRewriteCounts => """
        CREATE FUNCTION fail_rewrite_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'rewrite counted'; END $$;
        CREATE TRIGGER fail_rewrite_counts BEFORE UPDATE OF curve_rewrites ON trials FOR EACH ROW
        WHEN (NEW.curve_rewrites <> OLD.curve_rewrites) EXECUTE FUNCTION fail_rewrite_counts();
        """;

    protected override DbConnection Connect(string location)
    {
        var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(location));
        connection.Open();
        return connection;
    }
}
