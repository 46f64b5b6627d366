using Caviar.Jobs.Metrics;

namespace Caviar.Jobs.Running;

/// <summary>
/// Runs, once, right after an attempt's processes have started (while they load: a PyTorch script imports for about a
/// second before its first step), the code the runner first needs on the job's first metric line — the metric regexes,
/// the metrics.jsonl line writer, the read-offsets text — so .NET compiles it then, not at the end of the job's first
/// epoch, on a core the ranks train on (bench/README.md, issue 12, ddp12c). It reads and writes nothing.
/// </summary>
internal static class FirstLineWarmUp
{
    /// <summary>A line shaped like the metric lines jobs print (<c>name=value</c> pairs after an epoch number).</summary>
    internal const string SampleLine = "epoch=1 train_loss=0.5 val_loss=0.5 val_accuracy=0.5 epoch_seconds=0.5";

    /// <summary>Runs the first-line code of <paramref name="parser"/>, the metric log and the read offsets, without effects.</summary>
    public static void Run(MetricParser parser, TimeProvider clock)
    {
        parser.WarmUp(SampleLine);
        _ = MetricLog.Line(new MetricObservation("warm_up", 1, 0.5, clock.GetUtcNow()));
        _ = new ReadOffsets(0, 1, 0, 1).Text();
    }
}
