using System.Diagnostics;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;

namespace Caviar.Jobs.Launching;

/// <summary>
/// The default launcher: each job's runner is a local process in a session of its own (<c>setsid</c>), with its
/// output in DIR/runner.log, so it keeps running if the tuning process dies. With <paramref name="standby"/> (the
/// default) <see cref="StandbyCount"/> runners are kept started ahead (<see cref="StandbyRunner"/>) and the oldest is
/// handed the next job, so a trial does not wait for a runner's start; when none is ready (the first trial, more
/// trials starting at once than are ready) a runner is started for the job as before. <paramref name="clock"/> times
/// its polls (default the system clock).
/// </summary>
public sealed class LocalProcessLauncher(IReadOnlyList<string> runnerCommand, bool standby = true, TimeProvider? clock = null)
    : DetachedRunnerLauncher(clock), IDisposable
{
    /// <summary>
    /// The runner last started fresh for each job directory, while it is the job's last runner started (its exit code
    /// tells a full disk from a crash); removed when a standby is handed the job.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Process> _started = new(StringComparer.Ordinal);
    /// <summary>
    /// Standby runners kept ready: 2, so that each has the length of two trials to start and warm up (with one, on a
    /// loaded machine, a short trial's successor found its standby still starting).
    /// </summary>
    public const int StandbyCount = 2;

    private readonly Lock _lock = new();
    private readonly Queue<StandbyRunner> _ready = new();
    private bool _disposed;

    protected override void StartRunner(string jobDirectory)
    {
        bool handedOver = false;
        while (!handedOver && Take() is { } ready)
        {
            handedOver = ready.TryHandOver(jobDirectory);
            ready.Dispose();
        }
        if (!handedOver) StartFresh(jobDirectory);
        // A standby now runs the job: a runner started fresh for it before (dead, since another was needed) no longer
        // says whether the runner just started lives. Kept, its exit made WaitUntilStartedAsync return at once, so the
        // next check found the standby not yet in status.json and started another, and another, until the job was
        // failed as "kept dying" while the first standby ran it to completion (crash20).
        else if (_started.TryRemove(jobDirectory, out var earlier)) earlier.Dispose();
        if (standby) TopUp(Path.GetDirectoryName(Path.GetFullPath(jobDirectory))!);
    }

    private StandbyRunner? Take()
    {
        lock (_lock) return _ready.TryDequeue(out var ready) ? ready : null;
    }

    private void TopUp(string jobsDirectory)
    {
        while (true)
        {
            lock (_lock)
                if (_disposed || _ready.Count >= StandbyCount) return;
            if (StandbyRunner.Start(runnerCommand, jobsDirectory) is not { } next) return;
            lock (_lock)
            {
                if (!_disposed && _ready.Count < StandbyCount)
                {
                    _ready.Enqueue(next);
                    continue;
                }
            }
            next.Dispose();   // other calls filled the pool meanwhile, or the launcher is done
            return;
        }
    }

    private void StartFresh(string jobDirectory)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$@\" </dev/null >>\"$CAVIAR_RUNNER_LOG\" 2>&1");
        start.ArgumentList.Add("caviar-runner");
        foreach (var part in runnerCommand) start.ArgumentList.Add(part);
        start.ArgumentList.Add(RunnerVerb);
        start.ArgumentList.Add(jobDirectory);
        start.Environment["CAVIAR_RUNNER_LOG"] = Path.Combine(jobDirectory, "runner.log");
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        if (_started.TryGetValue(jobDirectory, out var earlier)) earlier.Dispose();
        _started[jobDirectory] = process;
    }

    protected override string? WhyRunnerDied(JobDirectory job) =>
        _started.TryGetValue(job.Root, out var runner) && runner.HasExited && runner.ExitCode == DiskSpace.RunnerExitCode
            ? DiskSpace.NoSpaceReason
            : null;

    /// <summary>A runner that recorded its start time is named by it (a standby's command line does not name the job).</summary>
    protected override bool RunnerAlive(JobStatus? status, JobDirectory job) =>
        status?.RunnerStartTime is { } started
            ? ProcessLiveness.IsAlive(status.RunnerProcessId, RunnerVerb, started)
            : ProcessLiveness.IsAlive(status?.RunnerProcessId, job.Root);

    /// <summary>The runner proves it lives by writing its process id into status.json; wait for that (up to 60 s).</summary>
    private protected override async Task WaitUntilStartedAsync(JobDirectory job, JobStatus? before, DirectoryChanges changes)
    {
        var deadline = Clock.GetUtcNow().AddSeconds(60);
        while (Clock.GetUtcNow() < deadline)
        {
            if (_started.TryGetValue(job.Root, out var runner) && runner.HasExited) return;   // it died before it wrote one
            var now = JobStatus.Read(job.StatusFile);
            if (now is not null && (now.RunnerProcessId != before?.RunnerProcessId || now.State != JobState.Running ||
                                    now.Attempts != before?.Attempts))
                return;
            await changes.WaitAsync(PollInterval, Clock).ConfigureAwait(false);
        }
    }

    /// <summary>Lets the standby runners go; jobs already handed over run on.</summary>
    public void Dispose()
    {
        List<StandbyRunner> ready;
        lock (_lock)
        {
            _disposed = true;
            ready = [.. _ready];
            _ready.Clear();
        }
        foreach (var runner in ready) runner.Dispose();
    }
}
