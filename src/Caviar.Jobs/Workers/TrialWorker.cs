using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Jobs.Workers;

/// <summary>
/// One worker of a study shared through a store: it requeues trials whose worker stopped beating, takes a Waiting
/// trial if there is one, else creates a new one while the study is under its limit, runs it with a heartbeat, and
/// tells the result — until every trial of the study is finished. Any number of workers on any machines may run
/// at once; killing one loses nothing: its trial is requeued and finished by another. After a trial fails for a full
/// disk the worker pauses (<see cref="WorkerOptions.DiskFullPause"/>).
/// </summary>
public sealed class TrialWorker(Study study, ITrialQueue queue, SearchSpace space, int maxTrials, WorkerOptions options,
    Func<Trial, CancellationToken, Task<double[]>> objective)
{
    public async Task<int> RunAsync(CancellationToken stop)
    {
        await using var heartbeat = new WorkerHeartbeat(queue, options, study.Options.Clock);
        return await RunTrialsAsync(heartbeat, stop).ConfigureAwait(false);
    }

    private async Task<int> RunTrialsAsync(WorkerHeartbeat heartbeat, CancellationToken stop)
    {
        int finished = 0;
        var clock = study.Options.Clock;
        var reaper = new StaleTrialReaper(queue, study.Record.Id, options);
        var nextQueueLook = DateTimeOffset.MinValue;
        while (!stop.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            reaper.ReapIfDue(now);
            // Requeued trials are rare: look at the queue now and then, not before every new trial.
            bool lookAtQueue = now >= nextQueueLook;
            if (lookAtQueue) nextQueueLook = now + options.QueuePoll;
            var trial = Claim(lookAtQueue, stop);
            if (trial is null)
            {
                var counts = queue.Count(study.Record.Id);
                if (counts.Total >= maxTrials && counts.Waiting == 0 && counts.Running == 0) break;
                await Task.Delay(options.IdlePoll, clock, stop).ConfigureAwait(false);
                continue;
            }
            heartbeat.RunningTrialId = trial.Id;
            try
            {
                var record = await study.EvaluateAsync(trial, objective, stop).ConfigureAwait(false);
                finished++;
                if (record.State == TrialState.Failed && Running.DiskSpace.Mentions(record.FailureReason))
                    await Task.Delay(options.DiskFullPause, clock, stop).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // The trial was requeued while this worker was too slow to beat; another worker owns it now.
            }
            finally
            {
                heartbeat.RunningTrialId = 0;
            }
        }
        return finished;
    }

    private Trial? Claim(bool lookAtQueue, CancellationToken stop)
    {
        var clock = study.Options.Clock;
        if (lookAtQueue && queue.ClaimWaiting(study.Record.Id, options.WorkerId, clock.GetUtcNow()) is { } waiting)
            return study.Reattach(waiting, stop, space);
        return study.TryAsk(space, draw => queue.CreateTrialWithin(study.Record.Id, maxTrials, options.WorkerId, clock.GetUtcNow(), draw), stop)
               ?? (lookAtQueue || queue.ClaimWaiting(study.Record.Id, options.WorkerId, clock.GetUtcNow()) is not { } requeued
                   ? null : study.Reattach(requeued, stop, space));
    }
}
