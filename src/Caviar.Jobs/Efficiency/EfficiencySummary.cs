using System.Globalization;

namespace Caviar.Jobs.Efficiency;

/// <summary>
/// How well a job used what it was given, as <c>seff</c> or <c>nvidia-smi</c> would tell: CPU time over the cores
/// it was given for its running time, peak resident memory, and the mean utilisation of its GPUs.
/// </summary>
public sealed record EfficiencySummary
{
    /// <summary>CPU seconds used by the job's processes (all attempts of this run).</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Seconds the job's processes ran.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Cores given: processes × cpusPerProcess.</summary>
    public int Cores { get; init; }

    /// <summary>Peak resident memory of all the job's processes together, in MiB.</summary>
    public double PeakMemoryMb { get; init; }

    /// <summary>GPUs given to the job.</summary>
    public int Gpus { get; init; }

    /// <summary>Mean utilisation of the job's GPUs over the samples, when it had GPUs and they were read.</summary>
    public double? GpuUtilizationPercent { get; init; }

    /// <summary>Peak GPU memory in use on the job's devices, in MiB.</summary>
    public double? PeakGpuMemoryMb { get; init; }

    /// <summary>CPU use as a percentage of the cores given over the running time.</summary>
    public double CpuPercentOfCores => WallSeconds > 0 && Cores > 0 ? 100 * CpuSeconds / (WallSeconds * Cores) : 0;

    /// <summary>"efficiency: CPU 91% of 4 cores, peak memory 1.3 GiB, GPU 0% (none)".</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string memory = PeakMemoryMb >= 1024 ? string.Format(c, "{0:0.0} GiB", PeakMemoryMb / 1024) : string.Format(c, "{0:0} MiB", PeakMemoryMb);
        string gpu = Gpus == 0 ? "GPU 0% (none)"
            : GpuUtilizationPercent is { } util
                ? string.Format(c, "GPU {0:0}% of {1} GPU(s), peak GPU memory {2:0} MiB", util, Gpus, PeakGpuMemoryMb ?? 0)
                : string.Format(c, "GPU not read ({0} GPU(s), no nvidia-smi)", Gpus);
        return string.Format(c, "efficiency: CPU {0:0}% of {1} core{2}, peak memory {3}, {4}",
            CpuPercentOfCores, Cores, Cores == 1 ? "" : "s", memory, gpu);
    }

    /// <summary>Two runs' figures together (attempts of one job).</summary>
    public EfficiencySummary Add(EfficiencySummary next) => new()
    {
        CpuSeconds = CpuSeconds + next.CpuSeconds,
        WallSeconds = WallSeconds + next.WallSeconds,
        Cores = Math.Max(Cores, next.Cores),
        PeakMemoryMb = Math.Max(PeakMemoryMb, next.PeakMemoryMb),
        Gpus = Math.Max(Gpus, next.Gpus),
        GpuUtilizationPercent = next.GpuUtilizationPercent ?? GpuUtilizationPercent,
        PeakGpuMemoryMb = Max(PeakGpuMemoryMb, next.PeakGpuMemoryMb),
    };

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
