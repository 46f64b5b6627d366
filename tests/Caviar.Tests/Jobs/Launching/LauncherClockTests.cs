using Caviar.Jobs.Launching;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Caviar.Tests.Jobs;

/// <summary>The detached launchers' polling loop, and the times they write, follow the injected clock.</summary>
public class LauncherClockTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A runner that lives until the test says otherwise, and counts how often the loop looked at it.</summary>
    private sealed class WatchedLauncher(TimeProvider clock) : DetachedRunnerLauncher(clock)
    {
        private int _looks;
        public volatile bool Alive = true;
        public int Looks => Volatile.Read(ref _looks);

        protected override void StartRunner(string jobDirectory) { }

        protected override bool RunnerAlive(JobStatus? status, JobDirectory job)
        {
            Interlocked.Increment(ref _looks);
            return Alive;
        }

        protected override string? WhyRunnerDied(JobDirectory job) => "the runner was gone";
    }

    [Fact]
    public async Task The_polling_loop_waits_on_the_injected_clock_and_dates_the_final_status_by_it()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        var launcher = new WatchedLauncher(clock);
        var request = new JobRequest { JobName = "job-1", Spec = new TrainingJobSpec { Name = "job-1", Command = ["/bin/true"] },
            BaseDirectory = dir.Path, ArtifactsRoot = dir.Path };

        var run = launcher.RunAsync(request, _ => { }, CancellationToken.None);
        for (int i = 0; i < 200 && launcher.Looks == 0; i++) await Task.Delay(50);
        Assert.Equal(1, launcher.Looks);

        // A second of real time, five system-clock poll intervals: the loop does not look again while its clock stands still.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, launcher.Looks);
        Assert.False(run.IsCompleted);

        launcher.Alive = false;
        clock.Advance(DetachedRunnerLauncher.PollInterval);
        var status = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, launcher.Looks);
        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal("the runner was gone", status.FailureReason);
        Assert.Equal(Start + DetachedRunnerLauncher.PollInterval, status.FinishedAt);
        Assert.Equal(Start + DetachedRunnerLauncher.PollInterval, status.StartedAt);
    }

    [Fact]
    public async Task A_directory_wait_times_out_when_the_injected_clock_passes_the_timeout()
    {
        using var dir = new TempDirectory();
        using var changes = new DirectoryChanges(dir.Path);
        var clock = new FakeTimeProvider(Start);

        var wait = changes.WaitAsync(TimeSpan.FromSeconds(60), clock);
        await Task.Delay(300);
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_stop_request_is_dated_by_the_injected_clock()
    {
        using var dir = new TempDirectory();
        var control = new TuningControl(dir.Path, "quad", new FakeTimeProvider(Start));

        control.RequestStop();

        Assert.Equal(Start, DateTimeOffset.Parse(File.ReadAllText(control.StopRequestFile), System.Globalization.CultureInfo.InvariantCulture));
    }
}
