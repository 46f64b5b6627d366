using System.Runtime.InteropServices;

namespace Caviar.Bench.MultiObjective;

/// <summary>CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID): what load on the other cores does not inflate.</summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static double Seconds()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var time) != 0) return double.NaN;
        return time.Seconds + time.Nanoseconds / 1e9;
    }
}
