using System.Globalization;

namespace Caviar.Jobs.Efficiency;

/// <summary>
/// Reads a set of processes and all their descendants from /proc: CPU time used so far (user + system) and resident
/// memory now. Processes that end between two reads simply drop out.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Kernel clock ticks per second (USER_HZ), the unit of /proc/PID/stat's times: 100 on Linux.</summary>
    public const double TicksPerSecond = 100;

    public sealed record Reading(double CpuSeconds, long ResidentBytes, int Processes);

    public static Reading Read(IEnumerable<int> roots, string procRoot = "/proc") =>
        ReadDownward(roots, procRoot) ?? ReadAll(roots, procRoot);

    /// <summary>
    /// From the roots down through each thread's <c>task/TID/children</c> file: a few files per process of the job,
    /// where <see cref="ReadAll"/> reads every process on the host. Null where the kernel has no children files.
    /// </summary>
    internal static Reading? ReadDownward(IEnumerable<int> roots, string procRoot)
    {
        if (!File.Exists(Path.Combine(procRoot, "self", "task", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "children")))
            return null;
        var seen = new HashSet<int>();
        var next = new Stack<int>(roots);
        double cpu = 0;
        long resident = 0;
        while (next.TryPop(out int pid))
        {
            if (!seen.Add(pid)) continue;
            string folder = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
            if (ParseStat(TryRead(Path.Combine(folder, "stat"))) is not { } stat)
            {
                seen.Remove(pid);   // it ended: it counts for nothing
                continue;
            }
            cpu += stat.CpuTicks / TicksPerSecond;
            resident += stat.ResidentPages * Environment.SystemPageSize;
            IEnumerable<string> threads;
            try { threads = Directory.GetDirectories(Path.Combine(folder, "task")); }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException) { continue; }
            foreach (var thread in threads)
                foreach (var child in (TryRead(Path.Combine(thread, "children")) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (int.TryParse(child, NumberStyles.None, CultureInfo.InvariantCulture, out int childId)) next.Push(childId);
        }
        return new Reading(cpu, resident, seen.Count);
    }

    /// <summary>Every process on the host, then the roots' descendants among them by parent id.</summary>
    internal static Reading ReadAll(IEnumerable<int> roots, string procRoot)
    {
        var parents = new Dictionary<int, int>();
        var stats = new Dictionary<int, (double Cpu, long Rss)>();
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (ParseStat(TryRead(Path.Combine(dir, "stat"))) is not { } stat) continue;
            parents[pid] = stat.ParentId;
            stats[pid] = (stat.CpuTicks / TicksPerSecond, stat.ResidentPages * Environment.SystemPageSize);
        }
        var inTree = new HashSet<int>(roots.Where(stats.ContainsKey));
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (pid, parent) in parents)
                if (!inTree.Contains(pid) && inTree.Contains(parent)) grew = inTree.Add(pid) || grew;
        }
        return new Reading(inTree.Sum(p => stats[p].Cpu), inTree.Sum(p => stats[p].Rss), inTree.Count);
    }

    /// <summary>Parent, utime + stime (ticks) and rss (pages) from a /proc/PID/stat line; the name may hold spaces.</summary>
    public static (int ParentId, long CpuTicks, long ResidentPages)? ParseStat(string? line)
    {
        if (line is null) return null;
        int close = line.LastIndexOf(')');
        if (close < 0) return null;
        var fields = line[(close + 2)..].Split(' ');
        // After "(comm) ": state(0) ppid(1) … utime(11) stime(12) … rss(21)
        if (fields.Length < 22) return null;
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
            long.Parse(fields[21], CultureInfo.InvariantCulture));
    }

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
