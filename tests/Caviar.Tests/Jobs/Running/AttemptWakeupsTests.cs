using Caviar.Jobs.Running;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

/// <summary>
/// The runner's waits while an attempt runs: a watched file's change, a process's exit or a stop ends them at once;
/// other files in the same folder do not. Timeouts here are far beyond any wait that ends as it should.
/// </summary>
public class AttemptWakeupsTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_line_appended_to_a_watched_log_ends_the_wait()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("attempt-0.log"), "");
        using var wakeups = new AttemptWakeups([dir.File("attempt-0.log"), dir.File("stop-requested")]);
        Assert.True(wakeups.Watching);

        var wait = wakeups.WaitAsync(Long, new TaskCompletionSource().Task, TimeProvider.System, CancellationToken.None);
        File.AppendAllText(dir.File("attempt-0.log"), "epoch=1 loss=0.5\n");
        await wait.WaitAsync(Generous);
    }

    [Fact]
    public async Task A_stop_request_written_by_rename_ends_the_wait()
    {
        using var dir = new TempDirectory();
        using var wakeups = new AttemptWakeups([dir.File("attempt-0.log"), dir.File("stop-requested")]);

        var wait = wakeups.WaitAsync(Long, new TaskCompletionSource().Task, TimeProvider.System, CancellationToken.None);
        File.WriteAllText(dir.File("stop-requested.1.tmp"), "prune");
        File.Move(dir.File("stop-requested.1.tmp"), dir.File("stop-requested"));
        await wait.WaitAsync(Generous);
    }

    [Fact]
    public async Task A_change_between_two_waits_is_not_lost()
    {
        using var dir = new TempDirectory();
        using var wakeups = new AttemptWakeups([dir.File("reported-metrics.jsonl")]);
        File.AppendAllText(dir.File("reported-metrics.jsonl"), "{\"step\": 1, \"loss\": 0.5}\n");
        await Task.Delay(500);   // the event comes while no wait runs (or, under load, during the next: either way it counts)

        await wakeups.WaitAsync(Long, new TaskCompletionSource().Task, TimeProvider.System, CancellationToken.None).WaitAsync(Generous);
    }

    [Fact]
    public async Task An_exit_or_a_stop_ends_the_wait_and_other_files_do_not()
    {
        using var dir = new TempDirectory();
        using var wakeups = new AttemptWakeups([dir.File("attempt-0.log")]);
        var exited = new TaskCompletionSource();
        var wait = wakeups.WaitAsync(Long, exited.Task, TimeProvider.System, CancellationToken.None);
        File.WriteAllText(dir.File("metrics.jsonl"), "written by the runner itself\n");
        File.WriteAllText(dir.File("read-offsets"), "0 0 0\n");
        await Task.Delay(1000);
        Assert.False(wait.IsCompleted);   // only a watched file's change wakes the runner
        exited.SetResult();
        await wait.WaitAsync(Generous);

        using var stop = new CancellationTokenSource();
        var stopped = wakeups.WaitAsync(Long, new TaskCompletionSource().Task, TimeProvider.System, stop.Token);
        await stop.CancelAsync();
        await stopped.WaitAsync(Generous);
    }
}
