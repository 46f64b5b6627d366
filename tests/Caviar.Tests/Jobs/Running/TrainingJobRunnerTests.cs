using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

public class TrainingJobRunnerTests
{
    private static Task<JobStatus> Run(TempDirectory dir, TrainingJobSpec spec, Dictionary<string, object>? tuned = null,
        Action<MetricObservation>? onMetric = null, CancellationToken stop = default) =>
        new TrainingJobRunner(TimeProvider.System).RunAsync(spec, spec.Name!, dir.Path,
            JobDirectory.For(dir.File("artifacts"), spec.Name!), tuned, onMetric, stop);

    private static JobDirectory Job(TempDirectory dir, string name = "shell-job") => JobDirectory.For(dir.File("artifacts"), name);

    [Fact]
    public async Task Reads_metrics_from_the_log_and_completes()
    {
        using var dir = new TempDirectory();
        var seen = new List<MetricObservation>();
        var spec = ShellJobs.Script(ShellJobs.CheckpointingCounter, ShellJobs.Loss);
        var status = await Run(dir, spec, onMetric: seen.Add);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], seen.Select(m => m.Step));
        Assert.Equal(0.2, status.FinalMetrics["loss"]);
        Assert.Equal(5, MetricLog.Read(Job(dir).MetricsFile).Count);
        Assert.Equal("done", File.ReadAllText(Path.Combine(Job(dir).ModelDirectory, "model.txt")).Trim());
        Assert.Contains("epoch=3 loss=0.3333", File.ReadAllText(Job(dir).LogFile(0)));
    }

    [Fact]
    public async Task Gives_the_job_its_hyperparameters_as_a_json_file_and_its_directories_as_variables()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script("""
            cat "$CAVIAR_HYPERPARAMETERS"
            echo "model=$CAVIAR_MODEL_DIR sm=$SM_MODEL_DIR out=$CAVIAR_OUTPUT_DIR job=$CAVIAR_JOB_NAME attempt=$CAVIAR_ATTEMPT"
            """) with
        {
            HyperParameters = new() { ["epochs"] = JsonDocument.Parse("10").RootElement, ["kind"] = JsonDocument.Parse("\"mlp\"").RootElement },
        };
        var status = await Run(dir, spec, new Dictionary<string, object> { ["lr"] = 0.01, ["layers"] = 3L, ["opt"] = "adam" });
        Assert.Equal(JobState.Completed, status.State);

        using var json = JsonDocument.Parse(File.ReadAllText(Job(dir).HyperParametersFile));
        Assert.Equal(10, json.RootElement.GetProperty("epochs").GetInt32());
        Assert.Equal("mlp", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(0.01, json.RootElement.GetProperty("lr").GetDouble());
        Assert.Equal(3, json.RootElement.GetProperty("layers").GetInt64());
        Assert.Equal("adam", json.RootElement.GetProperty("opt").GetString());
        string log = File.ReadAllText(Job(dir).LogFile(0));
        Assert.Contains($"model={Job(dir).ModelDirectory} sm={Job(dir).ModelDirectory} out={Job(dir).OutputDirectory}", log);
        Assert.Contains("job=shell-job attempt=0", log);
    }

    [Fact]
    public async Task A_failed_job_reports_the_reason_it_wrote()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script("echo 'loss went to NaN at epoch 2' > \"$CAVIAR_OUTPUT_DIR/failure\"; exit 1");
        var status = await Run(dir, spec);
        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal("loss went to NaN at epoch 2", status.FailureReason);
        Assert.Equal(1, status.ExitCode);
        var stored = JobStatus.Read(Job(dir).StatusFile)!;
        Assert.Equal((status.State, status.FailureReason, status.FinishedAt), (stored.State, stored.FailureReason, stored.FinishedAt));
    }

    [Fact]
    public async Task A_job_without_a_failure_file_reports_its_exit_code()
    {
        using var dir = new TempDirectory();
        var status = await Run(dir, ShellJobs.Script("exit 7"));
        Assert.Equal("exit code 7", status.FailureReason);
    }

    [Fact]
    public async Task A_retry_resumes_from_the_checkpoint_and_ends_like_an_uninterrupted_run()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script(ShellJobs.CheckpointingCounter, ShellJobs.Loss) with
        {
            Environment = new() { ["DIE_AT"] = "3" },
            RetryStrategy = new RetryStrategy { MaximumRetryAttempts = 1 },
        };
        var status = await Run(dir, spec);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(2, status.Attempts);
        Assert.Contains("resumed at 3", File.ReadAllText(Job(dir).LogFile(1)));
        Assert.Contains("attempt 0 failed (exit code 3); retrying", File.ReadAllText(Job(dir).LogFile(0)));
        Assert.Equal(0.2, status.FinalMetrics["loss"]);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], MetricLog.Read(Job(dir).MetricsFile).Select(m => m.Step));
    }

    [Fact]
    public async Task Without_retries_the_first_failure_is_final()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script(ShellJobs.CheckpointingCounter, ShellJobs.Loss) with { Environment = new() { ["DIE_AT"] = "2" } };
        var status = await Run(dir, spec);
        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(1, status.Attempts);
    }

    [Fact]
    public async Task Max_runtime_stops_the_job()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script("sleep 30") with { StoppingCondition = new StoppingCondition { MaxRuntimeSeconds = 0.5 } };
        var started = DateTime.UtcNow;
        var status = await Run(dir, spec);
        Assert.Equal(JobState.Stopped, status.State);
        Assert.Contains("max runtime", status.FailureReason);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_stop_request_file_stops_the_job()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script("echo started; sleep 30");
        var running = Run(dir, spec);
        await Eventually.True(() => File.Exists(Job(dir).LogFile(0)) && File.ReadAllText(Job(dir).LogFile(0)).Contains("started"));
        File.WriteAllText(Job(dir).StopRequestFile, "");
        var status = await running.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(JobState.Stopped, status.State);
        Assert.Equal("stopped on request", status.FailureReason);
    }

    [Fact]
    public async Task A_completed_job_is_not_run_again()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script("echo ran >> \"$CAVIAR_CHECKPOINT_DIR/runs\"");
        await Run(dir, spec);
        var again = await Run(dir, spec);
        Assert.Equal(JobState.Completed, again.State);
        Assert.Single(File.ReadAllLines(Path.Combine(Job(dir).DefaultCheckpointDirectory, "runs")));
    }

    [Fact]
    public async Task A_missing_program_fails_with_a_reason()
    {
        using var dir = new TempDirectory();
        var spec = new TrainingJobSpec { Name = "shell-job", Command = ["/nonexistent/trainer"] };
        var status = await Run(dir, spec);
        Assert.Equal(JobState.Failed, status.State);
        Assert.Contains("cannot start '/nonexistent/trainer'", status.FailureReason);
    }

    [Fact]
    public async Task A_runner_waits_while_another_runner_of_the_job_holds_its_turn_even_before_any_status_is_written()
    {
        using var dir = new TempDirectory();
        string ledger = dir.File("ledger");
        var spec = ShellJobs.Script($"echo epoch=1 loss=0.5; echo \"$CAVIAR_ATTEMPT\" >> '{ledger}'", ShellJobs.Loss);
        Job(dir).Create();
        Task<JobStatus> second;
        // A runner that has just started: it holds the job's turn and has written nothing yet.
        using (new FileStream(Path.Combine(Job(dir).Root, "runner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            second = Run(dir, spec);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(second.IsCompleted);
            Assert.False(File.Exists(ledger));
            Assert.Null(JobStatus.Read(Job(dir).StatusFile));
        }

        var status = await second;

        Assert.Equal((JobState.Completed, 1), (status.State, status.Attempts));
        Assert.Equal(["0"], File.ReadAllLines(ledger));
    }
}
