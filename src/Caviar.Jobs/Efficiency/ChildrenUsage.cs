using System.Runtime.InteropServices;

namespace Caviar.Jobs.Efficiency;

/// <summary>
/// getrusage(RUSAGE_CHILDREN): CPU time of every child this process has waited for (and of their waited-for
/// descendants), exactly, however short-lived; and the largest child's peak resident memory.
/// </summary>
internal static partial class ChildrenUsage
{
    public sealed record Reading(double CpuSeconds, long PeakResidentBytes);

    public static Reading Read()
    {
        if (GetRusage(-1 /* RUSAGE_CHILDREN */, out var usage) != 0) return new Reading(0, 0);
        double cpu = usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
        return new Reading(cpu, usage.MaxResidentKilobytes * 1024);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResidentKilobytes;
        public long Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, out Rusage usage);
}
