using Caviar.Jobs.Launching;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

/// <summary>Runners started ahead of their job (<see cref="StandbyRunner"/>): real <c>caviar job-run --standby</c> processes.</summary>
public class StandbyRunnerTests
{
    private static readonly IReadOnlyList<string> Caviar = ["dotnet", CliRunner.CaviarDll];

    /// <summary>A job that prints its runner's command line (its parent) and a loss.</summary>
    private static JobRequest Request(TempDirectory dir, string name) => new()
    {
        JobName = name, BaseDirectory = dir.Path, ArtifactsRoot = dir.File("artifacts"),
        Spec = new TrainingJobSpec
        {
            Name = name,
            // The job's parent is its attempt's shim; the shim's parent is the runner.
            Command = ["/bin/sh", "-c", "echo runner: $(tr '\\0' ' ' < /proc/$(cut -d' ' -f4 /proc/$PPID/stat)/cmdline); echo loss=0.25"],
            MetricDefinitions = [new MetricDefinition { Name = "loss", Regex = "loss=([0-9.]+)" }],
        },
    };

    private static string JobsDirectory(TempDirectory dir) => Path.Combine(dir.File("artifacts"), "jobs");

    [Fact]
    public async Task A_standby_runs_the_job_it_is_handed_with_its_output_in_the_jobs_runner_log()
    {
        using var dir = new TempDirectory();
        var request = Request(dir, "handed");
        request.Write();
        using var standby = StandbyRunner.Start(Caviar, JobsDirectory(dir))!;

        Assert.True(standby.TryHandOver(request.Directory.Root));

        await Eventually.True(() => JobStatus.Read(request.Directory.StatusFile) is { State: not JobState.Running }, 60);
        var status = JobStatus.Read(request.Directory.StatusFile)!;
        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(0.25, status.FinalMetrics["loss"]);
        Assert.Null(status.RunnerStartTime);
        Assert.Contains($"job-run --standby {JobsDirectory(dir)}", File.ReadAllText(request.Directory.LogFile(0)));
        Assert.True(File.Exists(Path.Combine(request.Directory.Root, "runner.log")));
        Assert.False(standby.TryHandOver(request.Directory.Root), "a standby runs one job only");
    }

    [Fact]
    public async Task A_standby_let_go_before_it_gets_a_job_exits_and_runs_nothing()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(JobsDirectory(dir));
        var standby = StandbyRunner.Start(Caviar, JobsDirectory(dir))!;
        int pid = standby.ProcessId;
        // Between fork and exec the child's command line is still the test host's, so wait for the runner's own.
        await Eventually.True(() => ProcessLiveness.IsAlive(pid, StandbyRunner.Flag), 30);

        standby.Dispose();   // as when the tuning process ends: its end of the pipe closes

        await Eventually.True(() => !ProcessLiveness.IsAlive(pid, StandbyRunner.Flag), 60);
        Assert.Empty(Directory.GetFileSystemEntries(JobsDirectory(dir)));
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), $"caviar-standby-{pid}")), "the warm-up cleans up");
    }

    [Fact]
    public async Task A_standby_is_not_handed_a_directory_outside_its_jobs_directory_and_then_exits()
    {
        using var dir = new TempDirectory();
        var standby = StandbyRunner.Start(Caviar, JobsDirectory(dir))!;
        int pid = standby.ProcessId;

        Assert.False(standby.TryHandOver(dir.File("elsewhere/job")));

        await Eventually.True(() => !ProcessLiveness.IsAlive(pid, StandbyRunner.Flag), 60);
        Assert.False(Directory.Exists(dir.File("elsewhere")));
        standby.Dispose();
    }

    [Fact]
    public async Task The_local_launcher_hands_the_next_job_to_a_standby_started_during_the_previous_one()
    {
        using var dir = new TempDirectory();
        using var launcher = new LocalProcessLauncher(Caviar);

        var first = await launcher.RunAsync(Request(dir, "first"), _ => { }, CancellationToken.None);
        var second = await launcher.RunAsync(Request(dir, "second"), _ => { }, CancellationToken.None);

        Assert.Equal((JobState.Completed, JobState.Completed), (first.State, second.State));
        string Log(string name) => File.ReadAllText(JobDirectory.For(dir.File("artifacts"), name).LogFile(0));
        Assert.Contains($"job-run {JobsDirectory(dir)}/first", Log("first"));   // nothing was ready for the first
        Assert.Contains($"job-run --standby {JobsDirectory(dir)}", Log("second"));
    }

    /// <summary>
    /// The first runner of a launcher is started fresh (nothing is ready yet); killed while its job runs, it is replaced
    /// by a standby. Before crash20's fix the launcher, still holding the dead fresh runner as "the runner last started",
    /// saw it exited and did not wait for the standby's status: four standbys were handed the job within moments and
    /// the job was failed as "the job's runner kept dying" while the first of them ran it to completion.
    /// </summary>
    [Fact]
    public async Task A_fresh_runner_killed_while_its_job_runs_is_replaced_by_one_standby_and_the_job_completes()
    {
        using var dir = new TempDirectory();
        using var launcher = new LocalProcessLauncher(Caviar);
        var request = Request(dir, "killed") with
        {
            Spec = Request(dir, "killed").Spec with { Command = ["/bin/sh", "-c", "sleep 2; echo loss=0.25"] },
        };
        var running = launcher.RunAsync(request, _ => { }, CancellationToken.None);
        await Eventually.True(() => JobStatus.Read(request.Directory.StatusFile) is { Attempts: 1, JobProcessId: not null }, 60);
        int runner = JobStatus.Read(request.Directory.StatusFile)!.RunnerProcessId!.Value;
        Assert.True(ProcessLiveness.IsAlive(runner, $"job-run {JobsDirectory(dir)}/killed"), "the first runner was not a fresh one");

        System.Diagnostics.Process.GetProcessById(runner).Kill();
        var status = await running;

        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.FailureReason}");
        Assert.Equal(0.25, status.FinalMetrics["loss"]);
        Assert.Equal(1, status.Attempts);                            // the job went on under the standby, not again
    }

    [Fact]
    public void A_runner_is_named_by_its_process_id_and_start_time_so_a_recycled_id_is_not_taken_for_it()
    {
        int self = Environment.ProcessId;
        long started = ProcessLiveness.StartTimeOf(self)!.Value;

        Assert.True(ProcessLiveness.IsAlive(self, "", started));
        Assert.False(ProcessLiveness.IsAlive(self, "", started + 1));
        Assert.Null(ProcessLiveness.StartTimeOf(int.MaxValue));
    }
}
