using System.Data;
using System.Data.Common;
using Caviar.Storage.Relational;
using Npgsql;

namespace Caviar.Storage.Postgres;

/// <summary>
/// PostgreSQL: read-committed transactions; trial numbers of a study are allocated under a transaction-scoped
/// advisory lock on the study, so workers on many machines never collide; serialisation failures and deadlocks
/// are retried.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    public override string CreateTables => """
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS studies (
            id BIGSERIAL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            direction TEXT NOT NULL,
            created_at_ms BIGINT NOT NULL,
            configuration TEXT);
        CREATE TABLE IF NOT EXISTS trials (
            id BIGSERIAL PRIMARY KEY,
            study_id BIGINT NOT NULL REFERENCES studies(id),
            number INTEGER NOT NULL,
            state TEXT NOT NULL,
            value DOUBLE PRECISION,
            started_at_ms BIGINT NOT NULL,
            finished_at_ms BIGINT,
            failure_reason TEXT,
            UNIQUE (study_id, number));
        CREATE TABLE IF NOT EXISTS trial_params (
            trial_id BIGINT NOT NULL REFERENCES trials(id),
            name TEXT NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            distribution TEXT NOT NULL,
            PRIMARY KEY (trial_id, name));
        CREATE TABLE IF NOT EXISTS trial_intermediate_values (
            trial_id BIGINT NOT NULL REFERENCES trials(id),
            step BIGINT NOT NULL,
            value DOUBLE PRECISION,
            PRIMARY KEY (trial_id, step));
        """;

    public override DbTransaction BeginWrite(DbConnection connection) =>
        ((NpgsqlConnection)connection).BeginTransaction(IsolationLevel.ReadCommitted);

    public override void LockStudyForNumbering(DbConnection connection, DbTransaction transaction, long studyId)
    {
        using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@study)", (NpgsqlConnection)connection,
            (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("study", studyId);
        command.ExecuteNonQuery();
    }

    public override string SkipLocked => "FOR UPDATE SKIP LOCKED";

    public override void RelaxDurability(DbConnection connection, DbTransaction transaction)
    {
        using var command = new NpgsqlCommand("SET LOCAL synchronous_commit TO OFF", (NpgsqlConnection)connection,
            (NpgsqlTransaction)transaction);
        command.ExecuteNonQuery();
    }

    public override bool IsTransient(Exception error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };
}
