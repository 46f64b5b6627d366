namespace Caviar.Jobs.Launching;

/// <summary>
/// Wakes a waiting launcher as soon as a file directly in a job's directory is created, written or renamed (inotify,
/// through <see cref="FileSystemWatcher"/>), so the end of a job (its final status.json) is seen at once instead of at
/// the next poll. Polling stays the fallback and the only source of truth: a change that sends no event (a file system
/// written from another host, such as NFS under Slurm) or a host out of inotify instances just waits the full interval,
/// as it did before. A change made between two waits is not lost: it makes the next wait return at once.
/// </summary>
internal sealed class DirectoryChanges : IDisposable
{
    private readonly FileSystemWatcher? _watcher;
    private readonly SemaphoreSlim _changed = new(0, 1);

    public DirectoryChanges(string directory)
    {
        try
        {
            _watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            _watcher.Changed += Signal;
            _watcher.Created += Signal;
            _watcher.Renamed += Signal;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception error) when (error is IOException or ArgumentException or PlatformNotSupportedException
                                          or UnauthorizedAccessException)
        {
            _watcher?.Dispose();
            _watcher = null;   // no events: every wait lasts its full timeout, i.e. plain polling
        }
    }

    /// <summary>Whether changes are being watched (false: waits only time out).</summary>
    public bool Watching => _watcher is not null;

    /// <summary>Waits until something in the directory changes (true) or <paramref name="timeout"/> passes (false).</summary>
    public Task<bool> WaitAsync(TimeSpan timeout) => WaitAsync(timeout, TimeProvider.System);

    /// <summary>
    /// Waits until something in the directory changes (true) or <paramref name="timeout"/> passes on
    /// <paramref name="clock"/> (false).
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider clock)
    {
        using var cancel = new CancellationTokenSource();
        var changed = _changed.WaitAsync(cancel.Token);
        var timedOut = Task.Delay(timeout, clock, cancel.Token);
        await Task.WhenAny(changed, timedOut).ConfigureAwait(false);
        cancel.Cancel();
        // A change that came as the time ran out was taken from the semaphore: it counts.
        await changed.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return changed.IsCompletedSuccessfully;
    }

    private void Signal(object sender, FileSystemEventArgs change)
    {
        lock (_changed)
            if (_changed.CurrentCount == 0) _changed.Release();
    }

    public void Dispose()
    {
        _watcher?.Dispose();
    }
}
