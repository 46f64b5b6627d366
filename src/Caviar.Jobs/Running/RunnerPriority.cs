using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Caviar.Jobs.Running;

/// <summary>
/// Lets a runner yield the CPU to its job: once an attempt's processes have started, every thread of this process is
/// given a nice value <see cref="Offset"/> above the one the process started with (Linux nice is per thread), so the
/// runner's own work — background recompilation, garbage collection, reading the log — runs when a rank waits (in a
/// collective, at a barrier) instead of taking a rank's core while it computes.
/// <para>
/// A thread inherits the nice value of the thread that creates it and a process that of the thread that forks it, and
/// a process without privilege cannot lower it again. So the job's processes are started from one thread kept at the
/// first priority (<see cref="StartAsync{T}"/>), which every lowering skips: the processes of a retry start at the
/// priority the first attempt's did.
/// </para>
/// Only for a process that is a job's runner and nothing else (<c>caviar job-run</c>, <c>caviar train</c>).
/// </summary>
internal static partial class RunnerPriority
{
    /// <summary>How much the runner's threads are lowered (added to the nice value the process started with, at most 19): 10.</summary>
    public const int Offset = 10;

    private const int PrioProcess = 0;   // PRIO_PROCESS: with a thread id, one thread
    private const int MaximumNice = 19;

    private static readonly Lazy<Starter> TheStarter = new(() => new Starter(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs <paramref name="start"/> (which starts processes) on the thread kept at the first priority.</summary>
    public static Task<T> StartAsync<T>(Func<T> start) => TheStarter.Value.Run(start);

    /// <summary>
    /// Lowers every thread of this process but the starting one (threads made since the last call too); threads that
    /// end meanwhile are skipped. Returns the nice value given, or null where it could not be read.
    /// </summary>
    public static int? Lower()
    {
        var starter = TheStarter.Value;   // made first, so it keeps the first priority
        int target = Math.Min(MaximumNice, starter.FirstNice + Offset);
        foreach (var directory in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int thread) ||
                thread == starter.ThreadId) continue;
            _ = SetPriority(PrioProcess, thread, target);   // ESRCH: it ended; nothing else can fail for a higher value
        }
        return target;
    }

    /// <summary>The nice value of thread <paramref name="thread"/> of this process (the calling thread when null).</summary>
    public static int NiceOf(int? thread = null)
    {
        Marshal.SetLastPInvokeError(0);
        int nice = GetPriority(PrioProcess, thread ?? GetThreadId());
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? 0 : nice;
    }

    /// <summary>The thread that starts the job's processes: it waits for work, so it costs nothing while ranks run.</summary>
    private sealed class Starter
    {
        private readonly BlockingCollection<Action> _work = [];

        public Starter()
        {
            using var ready = new ManualResetEventSlim();
            var thread = new Thread(() =>
            {
                ThreadId = GetThreadId();
                FirstNice = NiceOf();
                ready.Set();
                foreach (var work in _work.GetConsumingEnumerable()) work();
            }) { IsBackground = true, Name = "caviar starter" };
            thread.Start();
            ready.Wait();
        }

        public int ThreadId { get; private set; }

        public int FirstNice { get; private set; }

        public Task<T> Run<T>(Func<T> start)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _work.Add(() =>
            {
                try { done.SetResult(start()); }
                catch (Exception error) { done.SetException(error); }
            });
            return done.Task;
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);
}
