namespace Caviar.Jobs.Running;

/// <summary>
/// Makes a job runner's idle thread-pool workers sleep at once instead of spinning. .NET lets a worker that runs out of
/// work spin (yielding the CPU) for a while before it sleeps, which pays off for a server under bursts of requests; a
/// runner wakes a few times a second for a moment (a log line, a timer, a process's exit), and each wake-up left a
/// worker spinning beside the job's processes: 3,800 of the runner's 4,100 times on a CPU, and 0.03 of its 0.08 s of
/// CPU, while the ranks of a 6-epoch DDP job trained (bench/README.md, issue 12, ddp12c). The pool reads
/// <see cref="SpinLimitSetting"/> once, when its first worker starts, so a runner process calls
/// <see cref="StopSpinning"/> first thing; <c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit</c> in the environment still
/// wins. Only for a process that is a job's runner and nothing else (<c>caviar train</c>, <c>caviar job-run</c>).
/// </summary>
internal static class RunnerThreadPool
{
    /// <summary>The runtime setting: how long an idle worker spins before it sleeps (.NET's default 70; 0 here).</summary>
    public const string SpinLimitSetting = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    /// <summary>
    /// Whether the command line <paramref name="args"/> (after <c>caviar</c>) makes the process a job's runner and nothing
    /// else: <c>caviar train …</c> or <c>caviar job-run …</c> (a trial's runner, a standby one included).
    /// </summary>
    public static bool IsRunnerCommand(IReadOnlyList<string> args) =>
        args is [Launching.DetachedRunnerLauncher.RunnerVerb, ..] or ["train", ..];

    /// <summary>Sets the spin limit to 0 for this process; call it before anything uses the thread pool.</summary>
    public static void StopSpinning() => AppContext.SetData(SpinLimitSetting, 0);
}
