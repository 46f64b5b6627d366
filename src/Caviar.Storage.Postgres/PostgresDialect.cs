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

    // The lock is taken by its own statement, before the insert's: in read-committed mode each statement sees what was
    // committed when it began, so the insert reading MAX(number) must start after the lock is granted.
    public override string NumberingLock => AdvisoryLock("@study");

    /// <summary>Advisory lock key of schema changes: "cavi" in ASCII; trial numbering locks use study ids (small numbers).</summary>
    private const long SchemaLockKey = 0x63617669;

    public override string SchemaLock => AdvisoryLock(SchemaLockKey.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// A statement taking the transaction-scoped advisory lock <paramref name="key"/> (a literal or a parameter) and
    /// returning no rows: the comparison never holds, since the lock function's void result reads as an empty string.
    /// </summary>
    private static string AdvisoryLock(string key) => $"SELECT 1 WHERE CAST(pg_advisory_xact_lock({key}) AS TEXT) IS NULL;";

    public override string SkipLocked => "FOR UPDATE SKIP LOCKED";

    public override bool InsertsTrialWithValues => true;

    public override bool ReadsChangedTrialsWithOnePlan => true;

    // set_config(..., true) lasts until the end of the transaction, explicit or implicit (a round trip outside one).
    /// <summary>A command's statements run in one implicit transaction.</summary>
    public override bool RunsCommandAsOneTransaction => true;

    public override string RelaxDurability => "SELECT 1 WHERE set_config('synchronous_commit', 'off', true) IS NULL;";

    public override bool IsTransient(Exception error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };
}
