namespace Caviar.Jobs.Workers;

/// <summary>Settings of a worker; defaults on each property.</summary>
public sealed record WorkerOptions
{
    /// <summary>This worker's name in the store. Default: host name and process id.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How often a running trial's heartbeat is written. Default 2 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A trial whose heartbeat is older than this lost its worker and is requeued. Default 30 s.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Times a trial may be started before a lost worker fails it instead of requeueing. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How often a busy worker looks for requeued trials before creating new ones (it always looks once the
    /// study is full). Default 1 s.</summary>
    public TimeSpan QueuePoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After one of its trials failed for lack of disk space, the worker waits this long before it takes another, so a
    /// full disk fails one trial per worker and pause instead of every trial of the study. Default 10 s.
    /// </summary>
    public TimeSpan DiskFullPause { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait between looks at the queue when it is empty but trials still run elsewhere. Default 100 ms.</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromMilliseconds(100);
}
