using Caviar.Storage;

namespace Caviar.Jobs.Workers;

/// <summary>
/// A worker's heartbeat: one loop per worker (not a task per trial) that marks the trial named by
/// <see cref="RunningTrialId"/> alive every <see cref="WorkerOptions.HeartbeatInterval"/> on the study's clock; between
/// trials (id 0) it beats for nothing; a trial's creation or claim counts as its first beat. Used by
/// <see cref="TrialWorker"/> and by PBT's worker; disposing stops the loop.
/// </summary>
internal sealed class WorkerHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _done = new();
    private readonly Task _loop;
    private long _runningTrialId;

    public WorkerHeartbeat(ITrialQueue queue, WorkerOptions options, TimeProvider clock) =>
        _loop = BeatAsync(queue, options, clock, _done.Token);

    /// <summary>Id of the trial the worker runs now, 0 between trials.</summary>
    public long RunningTrialId
    {
        get => Volatile.Read(ref _runningTrialId);
        set => Volatile.Write(ref _runningTrialId, value);
    }

    private async Task BeatAsync(ITrialQueue queue, WorkerOptions options, TimeProvider clock, CancellationToken done)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(done).ConfigureAwait(false))
                if (RunningTrialId is var trialId and not 0)
                    queue.Heartbeat(trialId, options.WorkerId, clock.GetUtcNow());
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _done.Dispose();
    }
}
