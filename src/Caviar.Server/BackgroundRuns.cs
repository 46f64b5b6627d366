using System.Collections.Concurrent;

namespace Caviar.Server;

/// <summary>Jobs the API started in this process, so they can be stopped and so the server waits for them on shutdown.</summary>
internal sealed class BackgroundRuns
{
    private readonly ConcurrentDictionary<string, (Task Run, CancellationTokenSource Stop)> _runs = new();

    public bool Start(string key, Func<CancellationToken, Task> run)
    {
        var stop = new CancellationTokenSource();
        var task = Task.Run(() => run(stop.Token));
        if (_runs.TryAdd(key, (task, stop))) return true;
        stop.Cancel();
        return false;
    }

    public bool IsRunning(string key) => _runs.TryGetValue(key, out var run) && !run.Run.IsCompleted;

    public async Task StopAllAsync()
    {
        foreach (var (run, stop) in _runs.Values) await stop.CancelAsync();
        try { await Task.WhenAll(_runs.Values.Select(r => r.Run)); } catch (Exception) { }
    }
}
