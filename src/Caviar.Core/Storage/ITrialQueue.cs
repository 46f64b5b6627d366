using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>How many trials a study has in each condition.</summary>
public readonly record struct TrialCounts(int Total, int Waiting, int Running)
{
    public int Finished => Total - Waiting - Running;
}

/// <summary>
/// Shared work for workers on many machines: trials are created under a limit, claimed from a queue without two
/// workers ever taking the same one, kept alive by heartbeats, and requeued when their worker stops beating.
/// </summary>
public interface ITrialQueue
{
    /// <summary>
    /// Creates a Running trial for <paramref name="worker"/> unless the study already holds <paramref name="maxTrials"/>;
    /// <paramref name="draw"/>, given the new trial's number, supplies its values, stored with it
    /// (a store may write them just after the trial; a trial whose worker died in between is requeued like any other).
    /// </summary>
    TrialRecord? CreateTrialWithin(long studyId, int maxTrials, string worker, DateTimeOffset at,
        Func<int, IReadOnlyList<TrialParam>>? draw = null);

    /// <summary>Takes the lowest-numbered Waiting trial (one no other worker is taking) and marks it Running for <paramref name="worker"/>.</summary>
    TrialRecord? ClaimWaiting(long studyId, string worker, DateTimeOffset at);

    /// <summary>Records that <paramref name="worker"/> still runs the trial.</summary>
    void Heartbeat(long trialId, string worker, DateTimeOffset at);

    /// <summary>
    /// Running trials whose last heartbeat is older than <paramref name="staleBefore"/> lost their worker: they go back to
    /// Waiting (their values kept, their intermediate values dropped) until they were started <paramref name="maxAttempts"/>
    /// times; after that they fail. Returns how many were requeued or failed.
    /// </summary>
    int RequeueStale(long studyId, DateTimeOffset staleBefore, int maxAttempts, DateTimeOffset at);

    TrialCounts Count(long studyId);
}
