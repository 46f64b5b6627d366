namespace Caviar.Storage;

/// <summary>Who holds a study's lease: the tuning process that owns the study while its heartbeat is fresh.</summary>
public sealed record StudyLease(long StudyId, string Owner, string Host, int ProcessId, DateTimeOffset AcquiredAt,
    DateTimeOffset HeartbeatAt);

/// <summary>
/// The outcome of asking for a lease: <see cref="Acquired"/>, and the lease as it was before (null if none): the live
/// holder when refused, the stale (or dead) holder that was replaced when acquired.
/// </summary>
public sealed record LeaseAttempt(bool Acquired, StudyLease? Previous);

/// <summary>
/// One owner per study, shared by every process on the store: the owner keeps its lease by renewing its heartbeat; a
/// lease whose heartbeat is older than the caller's staleness bound (or whose holder is known dead) may be taken over.
/// Every change is one transaction, so two processes asking at once never both get it.
/// </summary>
public interface IStudyLeases
{
    /// <summary>
    /// Takes the study's lease for <paramref name="owner"/> (on <paramref name="host"/>, process <paramref name="processId"/>)
    /// unless another owner holds it with a heartbeat at or after <paramref name="staleBefore"/>; a holder named
    /// <paramref name="deadOwner"/> (one the caller saw die) is replaced however fresh its heartbeat.
    /// </summary>
    LeaseAttempt TryAcquireLease(long studyId, string owner, string host, int processId, DateTimeOffset at,
        DateTimeOffset staleBefore, string? deadOwner = null);

    /// <summary>Renews the heartbeat; false when <paramref name="owner"/> no longer holds the lease (it was taken over).</summary>
    bool RenewLease(long studyId, string owner, DateTimeOffset at);

    /// <summary>Gives the lease up if <paramref name="owner"/> holds it.</summary>
    void ReleaseLease(long studyId, string owner);

    StudyLease? FindLease(long studyId);
}
