using System.Diagnostics;
using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Hardening;

/// <summary>
/// The crash window the fault-injection run found: a runner SIGKILLed while its job goes on. The job's output reaches
/// its log without the runner, and its end is written down by its shim, so the next runner records what happened
/// instead of running the job again.
/// </summary>
public class RunnerDeathTests
{
    private static string JobWaitingFor(string release, string finished) => $"""
        echo "epoch=1 loss=0.5"
        while [ ! -f '{release}' ]; do sleep 0.05; done
        echo "epoch=2 loss=0.25"
        echo "$CAVIAR_ATTEMPT" >> '{finished}'
        """;

    private static void WriteSpec(TempDirectory dir, string command, string regex = @"epoch=(?<step>\d+) loss=(?<value>\S+)") =>
        File.WriteAllText(dir.File("job.json"), JsonSerializer.Serialize(new
        {
            name = "orphan",
            command = new[] { "/bin/bash", "-c", command },
            metricDefinitions = new[] { new { name = "loss", regex } },
        }));

    [Fact]
    public async Task A_job_that_ends_while_its_runner_is_dead_is_recorded_from_its_log_and_never_run_again()
    {
        using var dir = new TempDirectory();
        string release = dir.File("release"), finished = dir.File("finished");
        WriteSpec(dir, JobWaitingFor(release, finished));
        var job = JobDirectory.For(dir.File("caviar-artifacts"), "orphan");
        await KillRunnerAfterTheFirstStep(dir, job);
        File.WriteAllText(release, "");
        await Eventually.True(() => File.Exists(finished));   // the job logged its last loss and ended, unwatched
        await Eventually.True(() => AttemptShimExitWritten(job));

        var resumed = CliRunner.Run(dir.Path, "train", "job.json", "--resume");

        Assert.True(resumed.ExitCode == 0, resumed.All);
        var status = JobStatus.Read(job.StatusFile)!;
        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(1, status.Attempts);                                   // no new attempt was started
        Assert.Equal(0.25, status.FinalMetrics["loss"]);                    // the loss printed while no runner read it
        Assert.Equal([1L, 2L], MetricLog.Read(job.MetricsFile).Where(m => m.Name == "loss").Select(m => m.Step));
        Assert.Equal(["0"], File.ReadAllLines(finished));                   // it ran to completion once
    }

    [Fact]
    public async Task A_runner_dead_while_its_job_still_runs_is_followed_to_its_end_by_the_next_runner()
    {
        using var dir = new TempDirectory();
        string release = dir.File("release"), finished = dir.File("finished");
        WriteSpec(dir, JobWaitingFor(release, finished));
        var job = JobDirectory.For(dir.File("caviar-artifacts"), "orphan");
        await KillRunnerAfterTheFirstStep(dir, job);

        using var resumed = CliRunner.Start(dir.Path, "train", "job.json", "--resume");
        await Eventually.True(() => File.ReadAllText(job.LogFile(0)).Contains("is followed by this runner"));
        File.WriteAllText(release, "");                                      // the job goes on while followed
        Assert.True(resumed.WaitForExit(TimeSpan.FromSeconds(60)), "the resumed runner did not end");

        Assert.Equal(0, resumed.ExitCode);
        var status = JobStatus.Read(job.StatusFile)!;
        Assert.Equal((JobState.Completed, 1), (status.State, status.Attempts));
        Assert.Equal(0.25, status.FinalMetrics["loss"]);
        Assert.Equal([1L, 2L], MetricLog.Read(job.MetricsFile).Where(m => m.Name == "loss").Select(m => m.Step));
        Assert.Equal(["0"], File.ReadAllLines(finished));
    }

    [Fact]
    public async Task Metrics_a_runner_recorded_just_before_it_died_are_not_recorded_again_when_their_lines_are_read_again()
    {
        using var dir = new TempDirectory();
        string release = dir.File("release"), finished = dir.File("finished");
        WriteSpec(dir, JobWaitingFor(release, finished));
        var job = JobDirectory.For(dir.File("caviar-artifacts"), "orphan");
        await KillRunnerAfterTheFirstStep(dir, job);
        // The window CI hit: step 1 is in metrics.jsonl, but the runner died before it saved how far it had read.
        new ReadOffsets(0, 0, 0, 0).Save(job.ReadOffsetsFile);
        File.WriteAllText(release, "");
        await Eventually.True(() => AttemptShimExitWritten(job));

        var resumed = CliRunner.Run(dir.Path, "train", "job.json", "--resume");

        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Equal([1L, 2L], MetricLog.Read(job.MetricsFile).Where(m => m.Name == "loss").Select(m => m.Step));
        Assert.Equal(1, JobStatus.Read(job.StatusFile)!.Attempts);
    }

    [Fact]
    public async Task Automatic_steps_go_on_counting_after_the_runner_that_read_the_first_values_died()
    {
        using var dir = new TempDirectory();
        string release = dir.File("release"), finished = dir.File("finished");
        WriteSpec(dir, JobWaitingFor(release, finished), regex: @"loss=(?<value>\S+)");   // no step group: the n-th value is step n
        var job = JobDirectory.For(dir.File("caviar-artifacts"), "orphan");
        await KillRunnerAfterTheFirstStep(dir, job);
        File.WriteAllText(release, "");
        await Eventually.True(() => AttemptShimExitWritten(job));

        var resumed = CliRunner.Run(dir.Path, "train", "job.json", "--resume");

        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Equal([(1L, 0.5), (2L, 0.25)],
            MetricLog.Read(job.MetricsFile).Where(m => m.Name == "loss").Select(m => (m.Step, m.Value)));
    }

    [Fact]
    public void Offsets_saved_before_the_metrics_length_was_kept_are_still_read()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("read-offsets"), "2 310 45".PadRight(63) + "\n");

        Assert.Equal(new ReadOffsets(2, 310, 45, null), ReadOffsets.Read(dir.File("read-offsets")));
        new ReadOffsets(2, 310, 45, 1200).Save(dir.File("read-offsets"));
        Assert.Equal(new ReadOffsets(2, 310, 45, 1200), ReadOffsets.Read(dir.File("read-offsets")));
    }

    [Fact]
    public async Task A_stop_request_ends_a_followed_job_and_the_job_ends_stopped()
    {
        using var dir = new TempDirectory();
        WriteSpec(dir, "echo \"epoch=1 loss=0.5\"; exec sleep 600");
        var job = JobDirectory.For(dir.File("caviar-artifacts"), "orphan");
        await KillRunnerAfterTheFirstStep(dir, job);
        int leftover = JobStatus.Read(job.StatusFile)!.JobProcessId!.Value;

        using var resumed = CliRunner.Start(dir.Path, "train", "job.json", "--resume");
        await Eventually.True(() => File.ReadAllText(job.LogFile(0)).Contains("is followed by this runner"));
        StopRequest.Write(job, StopKind.Stop);
        Assert.True(resumed.WaitForExit(TimeSpan.FromSeconds(60)), "the resumed runner did not end");

        Assert.Equal(JobState.Stopped, JobStatus.Read(job.StatusFile)!.State);
        Assert.False(Directory.Exists($"/proc/{leftover}") && !IsZombie(leftover), "the followed job still runs");
    }

    [Fact]
    public async Task Killing_the_shim_of_an_attempt_ends_its_job_too()
    {
        using var dir = new TempDirectory();
        WriteSpec(dir, "echo \"epoch=1 loss=0.5\"; exec sleep 600");
        var job = JobDirectory.For(dir.File("caviar-artifacts"), "orphan");
        using var train = CliRunner.Start(dir.Path, "train", "job.json");
        await Eventually.True(() => MetricLog.Read(job.MetricsFile).Any(m => m.Step == 1));
        int shim = JobStatus.Read(job.StatusFile)!.JobProcessId!.Value;
        var children = File.ReadAllText($"/proc/{shim}/task/{shim}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(int.Parse).ToList();
        Assert.Equal(2, children.Count);                                     // the job and the log's cat

        using (var kill = Process.Start("kill", ["-9", shim.ToString()])) kill.WaitForExit();

        await Eventually.True(() => children.All(pid => !Directory.Exists($"/proc/{pid}") || IsZombie(pid)));
        train.Kill(entireProcessTree: true);
    }

    /// <summary>Starts <c>caviar train</c>, waits for the job's first step, and SIGKILLs the runner alone: its job goes on.</summary>
    private static async Task KillRunnerAfterTheFirstStep(TempDirectory dir, JobDirectory job)
    {
        using var train = CliRunner.Start(dir.Path, "train", "job.json");
        await Eventually.True(() => MetricLog.Read(job.MetricsFile).Any(m => m.Step == 1));
        train.Kill(entireProcessTree: false);
        train.WaitForExit();
    }

    private static bool AttemptShimExitWritten(JobDirectory job) =>
        File.Exists(job.ExitFile(0, null)) && File.ReadAllText(job.ExitFile(0, null)).Trim().Length > 0;

    private static bool IsZombie(int pid)
    {
        try { string stat = File.ReadAllText($"/proc/{pid}/stat"); return stat[stat.LastIndexOf(')') + 2] == 'Z'; }
        catch (IOException) { return true; }
    }
}
