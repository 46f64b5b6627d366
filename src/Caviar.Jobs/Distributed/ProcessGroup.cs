using System.Diagnostics;
using Caviar.Jobs.Running;

namespace Caviar.Jobs.Distributed;

/// <summary>
/// The processes of one attempt, all or nothing: they are started together, and the attempt ends when all have
/// exited with 0, or as soon as one fails — the caller then kills the others at once, so no rank is left waiting in
/// a collective for a peer that is gone. Not thread-safe: one caller polls it.
/// </summary>
internal sealed class ProcessGroup : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly List<int> _failed = [];   // indices of failed processes, in the order they were seen failing

    /// <summary>Starts one process per start info (their output goes where the start infos say: the shims log it).</summary>
    public static ProcessGroup Start(IReadOnlyList<ProcessStartInfo> starts)
    {
        var group = new ProcessGroup();
        try
        {
            for (int i = 0; i < starts.Count; i++)
            {
                var process = new Process { StartInfo = starts[i] };
                process.Start();
                group._processes.Add(process);
            }
        }
        catch
        {
            group.KillAll();
            group.Dispose();
            throw;
        }
        return group;
    }

    public IReadOnlyList<Process> Processes => _processes;

    public bool AllExited => _processes.All(p => p.HasExited);

    /// <summary>The rank (index) of the first process seen failing, if one has.</summary>
    public int? FirstFailedRank
    {
        get
        {
            for (int i = 0; i < _processes.Count; i++)
                if (!_failed.Contains(i) && _processes[i].HasExited && _processes[i].ExitCode != 0) _failed.Add(i);
            return _failed.Count > 0 ? _failed[0] : null;
        }
    }

    /// <summary>The attempt's exit code once all have exited: the first failed process's, else 0.</summary>
    public int ExitCode => FirstFailedRank is { } rank ? _processes[rank].ExitCode : 0;

    public void KillAll()
    {
        foreach (var process in _processes)
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }   // it ended meanwhile
        }
    }

    /// <summary>
    /// Sends SIGTERM to every shim's job (not to the shim: its death would SIGKILL the job) and waits up to
    /// <paramref name="grace"/> for them all to exit.
    /// </summary>
    public async Task TerminateAsync(TimeSpan grace)
    {
        foreach (var process in _processes)
        {
            try
            {
                if (process.HasExited) continue;
                foreach (int job in AttemptShim.JobProcessIds(process.Id)) _ = Kill(job, SigTerm);
            }
            catch (InvalidOperationException) { }
        }
        try
        {
            await Task.WhenAll(_processes.Select(p => p.WaitForExitAsync(CancellationToken.None))).WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException) { }
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Waits for every process to exit.</summary>
    public async Task WaitAllAsync()
    {
        foreach (var process in _processes) await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
    }
}
