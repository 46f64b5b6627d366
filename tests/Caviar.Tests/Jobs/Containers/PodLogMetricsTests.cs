using Caviar.Jobs.Containers;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

/// <summary>A pod's log read again and again, by this launcher or by one started after it, gives each value once.</summary>
public class PodLogMetricsTests
{
    private static readonly MetricDefinition[] Definitions = [new() { Name = "loss", Regex = @"loss=(\S+)" }];

    [Fact]
    public void A_launcher_started_again_goes_on_where_the_last_one_stopped_reading()
    {
        using var dir = new TempDirectory();
        var job = JobDirectory.For(dir.Path, "boxed");
        job.Create();
        var first = new PodLogMetrics(job, Definitions, TimeProvider.System);
        Assert.Equal([0.9, 0.7], first.Read(1, "loss=0.9\nloss=0.7\nloss=0.", ended: false).Select(m => m.Value));   // the last line is being written
        Assert.Equal([0.6], first.Read(1, "loss=0.9\nloss=0.7\nloss=0.6\n", ended: false).Select(m => m.Value));

        var second = new PodLogMetrics(job, Definitions, TimeProvider.System);   // e.g. tune --resume
        var found = second.Read(1, "loss=0.9\nloss=0.7\nloss=0.6\nloss=0.5", ended: true);

        Assert.Equal([0.5], found.Select(m => m.Value));
        Assert.True(second.Ended(1));
        Assert.Equal([0.9, 0.7, 0.6, 0.5], MetricLog.Read(job.MetricsFile).Select(m => m.Value));
        Assert.Equal("loss=0.9\nloss=0.7\nloss=0.6\nloss=0.5", File.ReadAllText(job.LogFile(1)));
    }

    [Fact]
    public void Values_appended_by_a_launcher_that_died_before_saving_how_far_it_read_are_not_appended_again()
    {
        using var dir = new TempDirectory();
        var job = JobDirectory.For(dir.Path, "boxed");
        job.Create();
        new PodLogMetrics(job, Definitions, TimeProvider.System).Read(1, "loss=0.9\n", ended: false);
        string saved = File.ReadAllText(Path.Combine(job.LogDirectory, "pod-log-lines.json"));
        new PodLogMetrics(job, Definitions, TimeProvider.System).Read(1, "loss=0.9\nloss=0.7\n", ended: false);
        File.WriteAllText(Path.Combine(job.LogDirectory, "pod-log-lines.json"), saved);   // died before this save

        var next = new PodLogMetrics(job, Definitions, TimeProvider.System);
        var found = next.Read(1, "loss=0.9\nloss=0.7\nloss=0.6\n", ended: true);

        Assert.Equal([0.7, 0.6], found.Select(m => m.Value));   // still handed to the tuner: it may not have seen 0.7
        Assert.Equal([0.9, 0.7, 0.6], MetricLog.Read(job.MetricsFile).Select(m => m.Value));
    }

    [Fact]
    public void Progress_saved_in_the_first_format_is_still_read()
    {
        using var dir = new TempDirectory();
        var job = JobDirectory.For(dir.Path, "boxed");
        job.Create();
        File.WriteAllText(Path.Combine(job.LogDirectory, "pod-log-lines.json"), "{\"1\":2}");

        var found = new PodLogMetrics(job, Definitions, TimeProvider.System).Read(1, "loss=0.9\nloss=0.7\nloss=0.6\n", ended: true);

        Assert.Equal([0.6], found.Select(m => m.Value));
    }

    [Fact]
    public void Automatic_steps_go_on_counting_in_a_launcher_started_again()
    {
        using var dir = new TempDirectory();
        var job = JobDirectory.For(dir.Path, "boxed");
        job.Create();
        new PodLogMetrics(job, Definitions, TimeProvider.System).Read(1, "loss=0.9\nloss=0.7\n", ended: false);

        var found = new PodLogMetrics(job, Definitions, TimeProvider.System).Read(1, "loss=0.9\nloss=0.7\nloss=0.6\n", ended: true);

        Assert.Equal([(3L, 0.6)], found.Select(m => (m.Step, m.Value)));
    }
}
