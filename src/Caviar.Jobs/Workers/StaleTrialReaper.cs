using Caviar.Storage;

namespace Caviar.Jobs.Workers;

/// <summary>
/// Requeues a study's trials whose worker stopped beating for <see cref="WorkerOptions.StaleAfter"/> (at most
/// <see cref="WorkerOptions.MaxAttempts"/> times each), looking every quarter of that span. Each worker keeps one
/// (<see cref="TrialWorker"/>, PBT's worker) and calls <see cref="ReapIfDue"/> before it claims work.
/// </summary>
internal sealed class StaleTrialReaper(ITrialQueue queue, long studyId, WorkerOptions options)
{
    private DateTimeOffset _nextReap = DateTimeOffset.MinValue;

    public void ReapIfDue(DateTimeOffset now)
    {
        if (now < _nextReap) return;
        queue.RequeueStale(studyId, now - options.StaleAfter, options.MaxAttempts, now);
        _nextReap = now + options.StaleAfter / 4;
    }
}
