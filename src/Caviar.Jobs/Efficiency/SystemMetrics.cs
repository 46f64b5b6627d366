namespace Caviar.Jobs.Efficiency;

/// <summary>The names of the system metrics a job's sampler writes into metrics.jsonl beside the job's own.</summary>
internal static class SystemMetrics
{
    /// <summary>CPU use of all the job's processes over the last interval; 100 = one core busy.</summary>
    public const string CpuPercent = "cpu_percent";
    /// <summary>Resident memory of all the job's processes, MiB.</summary>
    public const string ResidentMb = "rss_mb";
    /// <summary>Mean utilisation of the job's GPUs.</summary>
    public const string GpuUtilizationPercent = "gpu_util_percent";
    /// <summary>GPU memory in use on the job's devices, MiB.</summary>
    public const string GpuMemoryMb = "gpu_memory_mb";

    public static readonly IReadOnlySet<string> Names =
        new HashSet<string>([CpuPercent, ResidentMb, GpuUtilizationPercent, GpuMemoryMb], StringComparer.Ordinal);
}
