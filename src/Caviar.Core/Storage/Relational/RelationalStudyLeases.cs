using System.Data.Common;

namespace Caviar.Storage.Relational;

/// <summary>Study leases of a relational store (see <see cref="IStudyLeases"/>), in the study_leases table.</summary>
public abstract partial class RelationalStudyStore : IStudyLeases
{
    /// <summary>
    /// One upsert decides: it inserts the lease, or replaces one that is stale, dead or already ours, and returns a row
    /// only then. On PostgreSQL a concurrent twin waits for the row and re-checks the condition against what committed.
    /// </summary>
    public LeaseAttempt TryAcquireLease(long studyId, string owner, string host, int processId, DateTimeOffset at,
        DateTimeOffset staleBefore, string? deadOwner = null) => Write(transaction =>
    {
        var previous = QueryLease(transaction, studyId);
        bool acquired = Sql.Scalar(_connection, transaction, """
            INSERT INTO study_leases (study_id, owner, host, process_id, acquired_at_ms, heartbeat_at_ms)
            VALUES (@study, @owner, @host, @pid, @at, @at)
            ON CONFLICT (study_id) DO UPDATE SET owner = excluded.owner, host = excluded.host, process_id = excluded.process_id,
                acquired_at_ms = excluded.acquired_at_ms, heartbeat_at_ms = excluded.heartbeat_at_ms
            WHERE study_leases.heartbeat_at_ms < @stale OR study_leases.owner = @owner OR study_leases.owner = @dead
            RETURNING owner
            """, ("@study", studyId), ("@owner", owner), ("@host", host), ("@pid", processId),
            ("@at", at.ToUnixTimeMilliseconds()), ("@stale", staleBefore.ToUnixTimeMilliseconds()), ("@dead", deadOwner)) is string;
        return new LeaseAttempt(acquired, acquired ? previous : QueryLease(transaction, studyId) ?? previous);
    });

    public bool RenewLease(long studyId, string owner, DateTimeOffset at) => WriteAlone(() =>
        Sql.Execute(_connection, null, _dialect.RelaxDurability +
            "UPDATE study_leases SET heartbeat_at_ms = @at WHERE study_id = @study AND owner = @owner",
            ("@at", at.ToUnixTimeMilliseconds()), ("@study", studyId), ("@owner", owner)) == 1);

    public void ReleaseLease(long studyId, string owner) => WriteAlone(() =>
        Sql.Execute(_connection, null, "DELETE FROM study_leases WHERE study_id = @study AND owner = @owner",
            ("@study", studyId), ("@owner", owner)));

    public StudyLease? FindLease(long studyId) => Read(() => QueryLease(null, studyId));

    private StudyLease? QueryLease(DbTransaction? transaction, long studyId)
    {
        StudyLease? lease = null;
        Sql.ForEach(_connection, transaction,
            "SELECT owner, host, process_id, acquired_at_ms, heartbeat_at_ms FROM study_leases WHERE study_id = @study",
            row => lease = new StudyLease(studyId, row.GetString(0), row.GetString(1), Convert.ToInt32(row.GetValue(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(4))),
            ("@study", studyId));
        return lease;
    }
}
