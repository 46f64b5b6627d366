using System.Diagnostics;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

/// <summary>How a detached runner's launcher sees a job change: inotify wake-ups, and metrics read from where it left off.</summary>
public class LauncherWakeUpTests
{
    [Fact]
    public async Task A_write_in_the_job_directory_ends_the_wait_at_once()
    {
        using var dir = new TempDirectory();
        using var changes = new DirectoryChanges(dir.Path);
        Assert.True(changes.Watching);

        var clock = Stopwatch.StartNew();
        var wait = changes.WaitAsync(TimeSpan.FromSeconds(60));
        await File.WriteAllTextAsync(dir.File("status.json"), "{}");
        Assert.True(await wait);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"woke after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_change_made_between_two_waits_ends_the_next_wait_and_no_change_waits_the_full_interval()
    {
        using var dir = new TempDirectory();
        using var changes = new DirectoryChanges(dir.Path);
        File.WriteAllText(dir.File("metrics.jsonl"), "x\n");
        await Task.Delay(1000);   // nobody waits while the events (created, written) arrive: they are kept as one
        Assert.True(await changes.WaitAsync(TimeSpan.Zero));

        var clock = Stopwatch.StartNew();
        Assert.False(await changes.WaitAsync(TimeSpan.FromMilliseconds(300)));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"returned after {clock.Elapsed} with nothing changed");
    }

    [Fact]
    public async Task A_directory_that_cannot_be_watched_falls_back_to_polling()
    {
        using var changes = new DirectoryChanges("/nonexistent/caviar-job");
        Assert.False(changes.Watching);
        var clock = Stopwatch.StartNew();
        Assert.False(await changes.WaitAsync(TimeSpan.FromMilliseconds(100)));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(80));
    }

    [Fact]
    public void Metrics_are_read_from_where_the_last_read_stopped_and_a_line_being_written_waits()
    {
        using var dir = new TempDirectory();
        string file = dir.File("metrics.jsonl");
        var at = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        MetricLog.Append(file, new MetricObservation("loss", 1, 0.5, at));

        string line = System.Text.Json.JsonSerializer.Serialize(new MetricObservation("loss", 2, 0.25, at),
            Caviar.Specs.SpecJson.Options).ReplaceLineEndings("") + "\n";

        var first = MetricLog.ReadNew(file, 0, out long next);
        File.AppendAllText(file, line[..10]);   // a line being written
        var none = MetricLog.ReadNew(file, next, out long same);
        File.AppendAllText(file, line[10..]);
        var second = MetricLog.ReadNew(file, same, out long end);

        Assert.Equal([0.5], first.Select(m => m.Value));
        Assert.Empty(none);
        Assert.Equal(next, same);
        Assert.Equal([(2L, 0.25)], second.Select(m => (m.Step, m.Value)));
        Assert.Equal(new FileInfo(file).Length, end);
        Assert.Equal(MetricLog.Read(file), [.. first, .. second]);
    }
}
