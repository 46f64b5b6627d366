using System.Diagnostics;

namespace Caviar.Jobs.Launching;

/// <summary>
/// A runner started before its job is known (<c>caviar job-run --standby JOBS_DIR</c>), so that a trial does not wait
/// for the .NET host to start: it waits, in a session of its own, for one job directory on its standard input, then
/// runs that job exactly as <c>caviar job-run DIR</c> would (one job per runner process: its CPU accounting relies on
/// that) and exits. Standard input is a pipe from the launcher: when the launcher's process ends before handing a job
/// over (killed or done), the pipe closes and the standby exits without running anything. A job is handed over only
/// as one complete line, so a half-written directory name is never run.
/// </summary>
internal sealed class StandbyRunner : IDisposable
{
    public const string Flag = "--standby";

    private readonly Process _process;
    private int _used;

    private StandbyRunner(Process process, string jobsDirectory) => (_process, JobsDirectory) = (process, jobsDirectory);

    /// <summary>The standby's process (the runner, once it has a job).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The directory whose job directories this standby may run (it refuses any other).</summary>
    public string JobsDirectory { get; }

    /// <summary>Starts a standby for jobs under <paramref name="jobsDirectory"/>, or null when it cannot start.</summary>
    public static StandbyRunner? Start(IReadOnlyList<string> runnerCommand, string jobsDirectory)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false, RedirectStandardInput = true,
        };
        start.ArgumentList.Add("-c");
        // Until it gets a job its output goes nowhere; then the runner points it at JOB/runner.log itself.
        start.ArgumentList.Add("exec setsid \"$@\" >/dev/null 2>&1");
        start.ArgumentList.Add("caviar-runner");
        foreach (var part in runnerCommand) start.ArgumentList.Add(part);
        start.ArgumentList.Add(DetachedRunnerLauncher.RunnerVerb);
        start.ArgumentList.Add(Flag);
        start.ArgumentList.Add(Path.GetFullPath(jobsDirectory));
        try
        {
            return new StandbyRunner(Process.Start(start)!, Path.GetFullPath(jobsDirectory));
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    /// <summary>
    /// Hands <paramref name="jobDirectory"/> to the standby; false when it cannot take it (it has exited, was used, or
    /// the directory is not under <see cref="JobsDirectory"/>), and then it is never used again.
    /// </summary>
    public bool TryHandOver(string jobDirectory)
    {
        if (Interlocked.Exchange(ref _used, 1) != 0) return false;
        string directory = Path.GetFullPath(jobDirectory);
        try
        {
            if (_process.HasExited || Path.GetDirectoryName(directory) != JobsDirectory || directory.Contains('\n'))
                return false;
            _process.StandardInput.Write(directory + "\n");
            _process.StandardInput.Flush();
            return true;
        }
        catch (IOException) { return false; }   // it exited meanwhile (a broken pipe)
        finally
        {
            try { _process.StandardInput.Close(); } catch (IOException) { }
        }
    }

    /// <summary>Lets an unused standby go (it sees its input close and exits).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _used, 1) == 0)
            try { _process.StandardInput.Close(); } catch (IOException) { }
        _process.Dispose();
    }
}
