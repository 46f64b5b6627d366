using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Distributed;

/// <summary>
/// How many trials a local tuning run may run at once without oversubscribing this host: the processes of all
/// running trials together stay within the slots (default: the number of cores), and their GPUs within the host's.
/// </summary>
public static class LocalCapacity
{
    /// <summary>Default slots: the number of cores of this host.</summary>
    public static int DefaultSlots => Environment.ProcessorCount;

    /// <summary>The trials that fit at once (at least 1), and why fewer than <paramref name="maxParallel"/> when so.</summary>
    public static (int Parallel, string? Reason) Trials(int maxParallel, ResourcesSpec resources, int slots, GpuInventory gpus)
    {
        int parallel = maxParallel;
        string? reason = null;
        int bySlots = Math.Max(1, slots / resources.WorldSize);
        if (bySlots < parallel)
            (parallel, reason) = (bySlots, $"{slots} slot(s) hold {bySlots} trial(s) of {resources.WorldSize} process(es)");
        int gpusPerTrial = resources.WorldSize * resources.GpusPerProcess;
        if (gpusPerTrial > 0 && Math.Max(1, gpus.Devices.Count / gpusPerTrial) is var byGpus && byGpus < parallel)
            (parallel, reason) = (byGpus, $"{gpus.Devices.Count} GPU(s) hold {byGpus} trial(s) of {gpusPerTrial} GPU(s)");
        return (parallel, reason);
    }
}
