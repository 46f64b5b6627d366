using System.Data.Common;

namespace Caviar.Storage.Relational;

/// <summary>The schema version every relational store records, and the migrations between versions.</summary>
internal static class RelationalSchema
{
    public const int Version = 7;

    /// <summary>What each version adds to the one before it (the same SQL in every dialect).</summary>
    private static readonly Dictionary<int, string> Migrations = new()
    {
        [2] = """
            ALTER TABLE trials ADD COLUMN worker TEXT;
            ALTER TABLE trials ADD COLUMN heartbeat_at_ms BIGINT;
            ALTER TABLE trials ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
            """,
        // The owner of a study (a running `caviar tune`), kept by its heartbeat; see IStudyLeases.
        [3] = """
            CREATE TABLE study_leases (
                study_id BIGINT PRIMARY KEY REFERENCES studies(id),
                owner TEXT NOT NULL,
                host TEXT NOT NULL,
                process_id INTEGER NOT NULL,
                acquired_at_ms BIGINT NOT NULL,
                heartbeat_at_ms BIGINT NOT NULL);
            """,
        // Trial user attributes (trial.SetAttribute): a JSON scalar by name. A table of its own, so older stores gain it
        // without any row changing.
        [4] = """
            CREATE TABLE IF NOT EXISTS trial_user_attributes (
                trial_id BIGINT NOT NULL REFERENCES trials(id),
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (trial_id, name));
            """,
        // Multi-objective studies and constraints (additive: a one-objective study writes none of these rows, and a
        // study or trial without rows reads as before: its one direction and value stay in studies and trials).
        [5] = """
            CREATE TABLE IF NOT EXISTS study_directions (
                study_id BIGINT NOT NULL REFERENCES studies(id),
                objective INTEGER NOT NULL,
                direction TEXT NOT NULL,
                PRIMARY KEY (study_id, objective));
            CREATE TABLE IF NOT EXISTS trial_values (
                trial_id BIGINT NOT NULL REFERENCES trials(id),
                objective INTEGER NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (trial_id, objective));
            CREATE TABLE IF NOT EXISTS trial_constraints (
                trial_id BIGINT NOT NULL REFERENCES trials(id),
                constraint_index INTEGER NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (trial_id, constraint_index));
            """,
        // Population-based training's lineage: one row per member and round (who it copied, what it trained with, its
        // score). A table of its own: studies without PBT write none, and older stores gain it without any row changing.
        [6] = """
            CREATE TABLE IF NOT EXISTS pbt_lineage (
                study_id BIGINT NOT NULL REFERENCES studies(id),
                member INTEGER NOT NULL,
                round INTEGER NOT NULL,
                parent_member INTEGER,
                hyperparameters TEXT NOT NULL,
                score DOUBLE PRECISION,
                PRIMARY KEY (study_id, round, member));
            """,
        // A trial's count of changes to its curve that a reader holding its values up to the last step would not see by
        // reading from that step on: a value written below the trial's last step (rewritten, or arriving out of order),
        // values deleted (a trial requeued). Readers send the count they hold and read only the newer values while it is
        // unchanged (RelationalTrialReader). Existing trials start at 0, their rows untouched.
        [7] = """
            ALTER TABLE trials ADD COLUMN curve_rewrites BIGINT NOT NULL DEFAULT 0;
            """,
    };

    public static void Ensure(DbConnection connection, SqlDialect dialect)
    {
        using var transaction = dialect.BeginWrite(connection);
        Sql.Execute(connection, transaction, dialect.SchemaLock + dialect.CreateTables);
        object? stored = Sql.Scalar(connection, transaction, "SELECT MAX(version) FROM schema_version");
        // A new store is made at version 1 and migrated like an old one, so both take the same path.
        long version = stored is null or DBNull ? 1 : Convert.ToInt64(stored);
        if (version > Version)
            throw new InvalidOperationException(
                $"The store was written by a newer Caviar (schema {version}, this one knows {Version}).");
        for (long next = version + 1; next <= Version; next++) Sql.Execute(connection, transaction, Migrations[(int)next]);
        if (stored is null or DBNull || version < Version)
        {
            Sql.Execute(connection, transaction, "DELETE FROM schema_version");
            Sql.Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({Version})");
        }
        transaction.Commit();
    }
}
