using Caviar.Jobs.Efficiency;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

/// <summary>
/// What the runner does once as a job's processes start, so it compiles nothing for the first metric line or the first
/// efficiency sample while the job trains (issue 12, ddp12c): it must leave no trace in what the job records.
/// </summary>
public class FirstLineWarmUpTests
{
    [Fact]
    public void Warming_up_counts_no_step_and_records_nothing()
    {
        var parser = new MetricParser(
        [
            new MetricDefinition { Name = "val_loss", Regex = @"val_loss=(?<value>\S+)" },
            new MetricDefinition { Name = "epoch_seconds", Regex = @"epoch=(?<step>\d+) .*epoch_seconds=(?<value>\S+)" },
        ], TimeProvider.System);

        FirstLineWarmUp.Run(parser, TimeProvider.System);   // its sample line matches both definitions

        var found = parser.Parse("epoch=7 val_loss=0.25 epoch_seconds=1.5");
        Assert.Equal([("val_loss", 1L, 0.25), ("epoch_seconds", 7L, 1.5)], found.Select(m => (m.Name, m.Step, m.Value)));
        Assert.Equal(2, parser.Parse("val_loss=0.125").Single().Step);   // automatic steps go on from the real lines only
    }

    [Fact]
    public async Task The_first_efficiency_sample_counts_only_the_cpu_used_after_the_monitor_started()
    {
        using var dir = new TempDirectory();
        string metrics = dir.File("metrics.jsonl"), burned = dir.File("burned");
        // Burns CPU, then sleeps: what it used before the monitor started is not the first sample's.
        using var process = System.Diagnostics.Process.Start("/bin/bash",
            ["-c", "end=$((SECONDS + 2)); while [ $SECONDS -lt $end ]; do :; done; touch \"$1\"; exec sleep 60", "bash", burned]);
        try
        {
            await Eventually.True(() => File.Exists(burned), 120);
            await Task.Delay(300);   // asleep by now
            double used = ProcessTree.Read([process.Id]).CpuSeconds;
            Assert.True(used > 0.05, $"the script used {used} s of CPU");

            await using var monitor = new EfficiencyMonitor(() => [process.Id], [], 1, metrics, TimeProvider.System,
                TimeSpan.FromMilliseconds(200));
            await Eventually.True(() => MetricLog.Read(metrics).Any(m => m.Name == SystemMetrics.CpuPercent), 60);
            var first = MetricLog.Read(metrics).First(m => m.Name == SystemMetrics.CpuPercent);
            // Asleep since before the monitor started: 0%. Counted from zero, it would be what it burned over the interval.
            Assert.Equal(0, first.Value);
        }
        finally
        {
            process.Kill();
        }
    }
}
