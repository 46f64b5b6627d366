using Caviar.Storage.Relational;
using Caviar.Storage.Sqlite;
using Caviar.Studies;
using Caviar.Tests.Support;
using Caviar.Trials;
using Microsoft.Data.Sqlite;

namespace Caviar.Tests.Storage;

/// <summary>Schema 5 (objective values, directions, constraints) keeps stores written by schema 3 readable.</summary>
public class MultiObjectiveSchemaMigrationTests
{
    /// <summary>What schema 3 created: version 1's tables, version 2's columns and version 3's leases.</summary>
    private const string Schema3 = """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, direction TEXT NOT NULL,
            created_at_ms INTEGER NOT NULL, configuration TEXT);
        CREATE TABLE trials (id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id), number INTEGER NOT NULL,
            state TEXT NOT NULL, value REAL, started_at_ms INTEGER NOT NULL, finished_at_ms INTEGER, failure_reason TEXT,
            UNIQUE (study_id, number));
        CREATE TABLE trial_params (trial_id INTEGER NOT NULL REFERENCES trials(id), name TEXT NOT NULL, value REAL NOT NULL,
            distribution TEXT NOT NULL, PRIMARY KEY (trial_id, name));
        CREATE TABLE trial_intermediate_values (trial_id INTEGER NOT NULL REFERENCES trials(id), step INTEGER NOT NULL,
            value REAL, PRIMARY KEY (trial_id, step));
        ALTER TABLE trials ADD COLUMN worker TEXT;
        ALTER TABLE trials ADD COLUMN heartbeat_at_ms BIGINT;
        ALTER TABLE trials ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
        CREATE TABLE study_leases (study_id BIGINT PRIMARY KEY REFERENCES studies(id), owner TEXT NOT NULL, host TEXT NOT NULL,
            process_id INTEGER NOT NULL, acquired_at_ms BIGINT NOT NULL, heartbeat_at_ms BIGINT NOT NULL);
        INSERT INTO schema_version VALUES (3);
        INSERT INTO studies VALUES (1, 'old', 'Maximize', 0, '{"spec":1}');
        INSERT INTO trials (id, study_id, number, state, value, started_at_ms, finished_at_ms) VALUES (1, 1, 0, 'Completed', 0.75, 0, 5);
        INSERT INTO trials (id, study_id, number, state, value, started_at_ms, finished_at_ms, failure_reason) VALUES (2, 1, 1, 'Failed', NULL, 6, 7, 'boom');
        INSERT INTO trial_params VALUES (1, 'x', 0.25, '{"type":"continuous","name":"x","minValue":0,"maxValue":1,"scalingType":"Linear"}');
        INSERT INTO trial_intermediate_values VALUES (1, 3, 0.5);
        """;

    [Fact]
    public void A_store_of_schema_3_opens_reads_its_studies_and_takes_multi_objective_ones()
    {
        using var dir = new TempDirectory();
        string path = dir.File("schema3.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = Schema3;
            command.ExecuteNonQuery();
        }

        using (var store = SqliteStudyStore.Open(path))
        {
            var old = Study.Load(store, "old");
            Assert.Equal([ObjectiveDirection.Maximize], old.Directions);
            Assert.Equal("""{"spec":1}""", old.Record.Configuration);
            var (completed, failed) = (old.Trials[0], old.Trials[1]);
            Assert.Equal((TrialState.Completed, 0.75, 0.25, 0.5), (completed.State, completed.Value!.Value, completed.Params["x"],
                completed.IntermediateValues[3]));
            Assert.Equal([0.75], completed.Values!);
            Assert.Empty(completed.Constraints);
            Assert.Equal((TrialState.Failed, "boom"), (failed.State, failed.FailureReason));
            Assert.Equal(0, old.BestTrial!.Number);

            // The migrated store takes a multi-objective study next to the old one.
            var mo = Study.Create(store, "new", [ObjectiveDirection.Minimize, ObjectiveDirection.Maximize]);
            mo.Tell(mo.Ask(), [1.0, 2.0], [-1.0]);
        }
        using var reopened = SqliteStudyStore.Open(path);
        Assert.Equal([1.0, 2.0], reopened.GetTrials(reopened.FindStudy("new")!.Id).Single().Values!);
        Assert.Equal([-1.0], reopened.GetTrials(reopened.FindStudy("new")!.Id).Single().Constraints);
        Assert.Equal(2, reopened.GetTrials(reopened.FindStudy("old")!.Id).Count);
        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "SELECT version FROM schema_version";
        Assert.Equal((long)RelationalSchema.Version, version.ExecuteScalar());
    }

    [Fact]
    public void One_objective_trials_write_no_rows_in_the_new_tables()
    {
        using var dir = new TempDirectory();
        string path = dir.File("one.db");
        using (var store = SqliteStudyStore.Open(path))
        {
            var study = Study.Create(store, "one", ObjectiveDirection.Minimize);
            study.Tell(study.Ask(), 1.5);
        }
        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var count = check.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM study_directions) + (SELECT COUNT(*) FROM trial_values) + (SELECT COUNT(*) FROM trial_constraints)";
        Assert.Equal(0L, count.ExecuteScalar());
    }
}
