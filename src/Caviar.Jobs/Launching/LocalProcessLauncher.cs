using System.Diagnostics;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;

namespace Caviar.Jobs.Launching;

/// <summary>
/// The default launcher: each job's runner is a local process in a session of its own (<c>setsid</c>), with its
/// output in DIR/runner.log, so it keeps running if the tuning process dies.
/// </summary>
public sealed class LocalProcessLauncher(IReadOnlyList<string> runnerCommand) : DetachedRunnerLauncher
{
    /// <summary>The runner last started for each job directory (its exit code tells a full disk from a crash).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Process> _started = new(StringComparer.Ordinal);

    protected override void StartRunner(string jobDirectory)
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

    protected override bool RunnerAlive(JobStatus? status, JobDirectory job) =>
        ProcessLiveness.IsAlive(status?.RunnerProcessId, job.Root);

    /// <summary>The runner proves it lives by writing its process id into status.json; wait for that (up to 60 s).</summary>
    protected override async Task WaitUntilStartedAsync(JobDirectory job, JobStatus? before)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_started.TryGetValue(job.Root, out var runner) && runner.HasExited) return;   // it died before it wrote one
            var now = JobStatus.Read(job.StatusFile);
            if (now is not null && (now.RunnerProcessId != before?.RunnerProcessId || now.State != JobState.Running ||
                                    now.Attempts != before?.Attempts))
                return;
            await Task.Delay(PollInterval, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
