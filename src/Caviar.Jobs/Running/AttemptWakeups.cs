namespace Caviar.Jobs.Running;

/// <summary>
/// Wakes the runner while an attempt runs when one of the files it reads changes (rank 0's log, the reported metrics,
/// the stop request: inotify through <see cref="FileSystemWatcher"/>), when a process of the attempt exits or when it
/// is stopped — instead of every 100 ms. Every wait still ends after its timeout, so polling stays the fallback and the
/// source of truth: a change that sends no event (a file written from another host, as on NFS under Slurm) is read
/// at the next timeout, and a host out of inotify watches just polls (<see cref="Watching"/> false). A change made
/// between two waits is not lost: the next wait returns at once.
/// </summary>
internal sealed class AttemptWakeups : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly SemaphoreSlim _changed = new(0, 1);

    public AttemptWakeups(IEnumerable<string> files)
    {
        Watching = true;
        foreach (var folder in files.Select(Path.GetFullPath).GroupBy(file => Path.GetDirectoryName(file)!))
        {
            FileSystemWatcher? watcher = null;
            try
            {
                watcher = new FileSystemWatcher(folder.Key)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                    IncludeSubdirectories = false,
                };
                foreach (var file in folder) watcher.Filters.Add(Path.GetFileName(file));
                watcher.Changed += Signal;
                watcher.Created += Signal;
                watcher.Renamed += Signal;
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception error) when (error is IOException or ArgumentException or PlatformNotSupportedException
                                              or UnauthorizedAccessException)
            {
                watcher?.Dispose();
                Watching = false;   // this folder's changes are seen only when a wait times out
            }
        }
    }

    /// <summary>Whether every file's folder is watched (false: some changes are seen only when a wait times out).</summary>
    public bool Watching { get; }

    /// <summary>
    /// Waits until a watched file changes, <paramref name="exited"/> completes, <paramref name="stop"/> is cancelled or
    /// <paramref name="timeout"/> passes on <paramref name="clock"/>.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, Task exited, TimeProvider clock, CancellationToken stop)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var changed = _changed.WaitAsync(cancel.Token);
        var timedOut = Task.Delay(timeout, clock, cancel.Token);
        await Task.WhenAny(changed, timedOut, exited).ConfigureAwait(false);
        await cancel.CancelAsync().ConfigureAwait(false);
        // A change that came as the wait ended was taken from the semaphore: it is read now, so nothing is lost.
        await changed.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await timedOut.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Signal(object sender, FileSystemEventArgs change)
    {
        lock (_changed)
            if (_changed.CurrentCount == 0) _changed.Release();
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();   // the semaphore stays: a late event may still signal it
    }
}
