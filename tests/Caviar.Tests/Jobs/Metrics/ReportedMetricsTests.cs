using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

/// <summary>Metrics a job writes to CAVIAR_METRICS_FILE, and prune requests it can see through CAVIAR_STOP_FILE.</summary>
public class ReportedMetricsTests
{
    private static Task<JobStatus> Run(TempDirectory dir, TrainingJobSpec spec, Action<MetricObservation>? onMetric = null) =>
        new TrainingJobRunner(TimeProvider.System).RunAsync(spec, spec.Name!, dir.Path,
            JobDirectory.For(dir.File("artifacts"), spec.Name!), null, onMetric);

    private static JobDirectory Job(TempDirectory dir) => JobDirectory.For(dir.File("artifacts"), "shell-job");

    [Fact]
    public async Task Lines_written_to_the_metrics_file_are_metrics_without_any_regex()
    {
        using var dir = new TempDirectory();
        var seen = new List<MetricObservation>();
        var spec = ShellJobs.Script("""
            echo '{"step": 1, "val_loss": 0.5, "val_accuracy": 0.8}' >> "$CAVIAR_METRICS_FILE"
            echo 'not json' >> "$CAVIAR_METRICS_FILE"
            echo '{"step": 2, "val_loss": 0.25, "note": "text is ignored"}' >> "$CAVIAR_METRICS_FILE"
            echo '{"val_accuracy": 0.9}' >> "$CAVIAR_METRICS_FILE"
            printf '{"step": 3, "val_loss": 0.125}' >> "$CAVIAR_METRICS_FILE"
            """);
        var status = await Run(dir, spec, seen.Add);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal([("val_loss", 1L, 0.5), ("val_accuracy", 1L, 0.8), ("val_loss", 2L, 0.25), ("val_accuracy", 2L, 0.9)],
            seen.Select(o => (o.Name, o.Step, o.Value)));   // the unfinished last line is not taken
        Assert.Equal(0.25, status.FinalMetrics["val_loss"]);
        Assert.Equal(4, MetricLog.Read(Job(dir).MetricsFile).Count);
    }

    [Fact]
    public async Task Metrics_reported_while_the_job_runs_arrive_before_it_ends()
    {
        using var dir = new TempDirectory();
        var firstSeenAt = new TaskCompletionSource<DateTime>();
        var spec = ShellJobs.Script("""
            echo '{"step": 1, "loss": 1.0}' >> "$CAVIAR_METRICS_FILE"
            sleep 2
            echo '{"step": 2, "loss": 0.5}' >> "$CAVIAR_METRICS_FILE"
            """);
        var status = await Run(dir, spec, _ => firstSeenAt.TrySetResult(DateTime.UtcNow));
        Assert.Equal(JobState.Completed, status.State);
        Assert.True(status.FinishedAt!.Value.UtcDateTime - await firstSeenAt.Task > TimeSpan.FromSeconds(1.5));
    }

    /// <summary>Reports a loss each second and ends cleanly (exit 0) as soon as the stop file appears.</summary>
    private const string StopAwareJob = """
        for e in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
          echo "{\"step\": $e, \"loss\": 1}" >> "$CAVIAR_METRICS_FILE"
          sleep 0.5
          if [ -f "$CAVIAR_STOP_FILE" ]; then echo "asked to stop ($(cat "$CAVIAR_STOP_FILE")); saving and exiting at $e"; exit 0; fi
        done
        """;

    [Fact]
    public async Task A_pruned_job_that_reports_sees_the_request_and_exits_on_its_own_as_Pruned()
    {
        using var dir = new TempDirectory();
        var status = await Run(dir, ShellJobs.Script(StopAwareJob), metric =>
        {
            if (metric.Step == 2) StopRequest.Write(Job(dir), StopKind.Prune);
        });

        Assert.Equal(JobState.Pruned, status.State);
        Assert.Equal(0, status.ExitCode);
        Assert.Equal("pruned; the job exited on its own", status.FailureReason);
        Assert.Matches(@"asked to stop \(prune\); saving and exiting at [23]", File.ReadAllText(Job(dir).LogFile(0)));
    }

    [Fact]
    public async Task A_pruned_job_that_only_logs_is_ended_at_once()
    {
        using var dir = new TempDirectory();
        var started = DateTime.UtcNow;
        var spec = ShellJobs.Script("echo 'epoch=1 loss=0.5'; sleep 60; echo 'epoch=2 loss=0.4'", ShellJobs.Loss);
        var status = await Run(dir, spec, _ => StopRequest.Write(Job(dir), StopKind.Prune));

        Assert.Equal(JobState.Pruned, status.State);
        Assert.Equal("pruned; the job was ended", status.FailureReason);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task The_job_is_told_where_to_report_and_where_to_look_for_a_stop_request()
    {
        using var dir = new TempDirectory();
        var status = await Run(dir, ShellJobs.Script("echo \"metrics=$CAVIAR_METRICS_FILE stop=$CAVIAR_STOP_FILE\""));
        Assert.Equal(JobState.Completed, status.State);
        Assert.Contains($"metrics={Job(dir).ReportedMetricsFile} stop={Job(dir).StopRequestFile}",
            File.ReadAllText(Job(dir).LogFile(0)));
    }
}
