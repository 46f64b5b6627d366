using System.Diagnostics;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;

namespace Caviar.Jobs.Launching;

/// <summary>
/// The default launcher: each job's runner is a local process in a session of its own (<c>setsid</c>), with its
/// output in DIR/runner.log, so it keeps running if the tuning process dies. With <paramref name="standby"/> (the
/// default) one runner is kept started ahead (<see cref="StandbyRunner"/>) and handed the next job, so a trial does not
/// wait for a runner's start; when there is none ready (the first trial, several trials starting at once) a runner is
/// started for the job as before.
/// </summary>
public sealed class LocalProcessLauncher(IReadOnlyList<string> runnerCommand, bool standby = true)
    : DetachedRunnerLauncher, IDisposable
{
    private readonly Lock _lock = new();
    private StandbyRunner? _ready;
    private bool _disposed;

    protected override void StartRunner(string jobDirectory)
    {
        StandbyRunner? ready;
        lock (_lock) (ready, _ready) = (_ready, null);
        bool handedOver = ready?.TryHandOver(jobDirectory) == true;
        ready?.Dispose();
        if (!handedOver) StartFresh(jobDirectory);
        if (!standby) return;
        var next = StandbyRunner.Start(runnerCommand, Path.GetDirectoryName(Path.GetFullPath(jobDirectory))!);
        lock (_lock)
        {
            if (!_disposed && _ready is null) (_ready, next) = (next, null);
        }
        next?.Dispose();   // another call made one meanwhile, or the launcher is done
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
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
    }

    /// <summary>A runner that recorded its start time is named by it (a standby's command line does not name the job).</summary>
    protected override bool RunnerAlive(JobStatus? status, JobDirectory job) =>
        status?.RunnerStartTime is { } started
            ? ProcessLiveness.IsAlive(status.RunnerProcessId, RunnerVerb, started)
            : ProcessLiveness.IsAlive(status?.RunnerProcessId, job.Root);

    /// <summary>The runner proves it lives by writing its process id into status.json; wait for that (up to 60 s).</summary>
    protected override async Task WaitUntilStartedAsync(JobDirectory job, JobStatus? before, DirectoryChanges changes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var now = JobStatus.Read(job.StatusFile);
            if (now is not null && (now.RunnerProcessId != before?.RunnerProcessId || now.State != JobState.Running ||
                                    now.Attempts != before?.Attempts))
                return;
            await changes.WaitAsync(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Lets the standby runner go; jobs already handed over run on.</summary>
    public void Dispose()
    {
        StandbyRunner? ready;
        lock (_lock) (ready, _ready, _disposed) = (_ready, null, true);
        ready?.Dispose();
    }
}
