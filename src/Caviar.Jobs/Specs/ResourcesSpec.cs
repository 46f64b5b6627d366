using System.Text.Json.Serialization;

namespace Caviar.Jobs.Specs;

/// <summary>
/// What one training job runs on: <see cref="InstanceCount"/> hosts with <see cref="ProcessesPerHost"/> processes
/// each (one rank per process, as torchrun and SageMaker's distributed training count them), and what each process
/// is given.
/// </summary>
public sealed record ResourcesSpec
{
    /// <summary>Hosts the job runs on. Locally N hosts are simulated as N process groups on loopback. Default 1.</summary>
    public int InstanceCount { get; init; } = 1;

    /// <summary>Processes (ranks) started on each host. Default 1.</summary>
    public int ProcessesPerHost { get; init; } = 1;

    /// <summary>GPUs given to each process, each its own (CUDA_VISIBLE_DEVICES); no two processes share one. Default 0.</summary>
    public int GpusPerProcess { get; init; }

    /// <summary>
    /// CPU cores each process may use (its OMP_NUM_THREADS, the share its efficiency is measured against, and its
    /// container's <c>--cpus</c> limit). Default 1.
    /// </summary>
    public int CpusPerProcess { get; init; } = 1;

    /// <summary>Memory limit of each process's container in MiB (<c>--memory</c>); jobs from an image only. Default: no limit.</summary>
    public int? MemoryMegabytesPerProcess { get; init; }

    /// <summary>All processes of the job: hosts × processes per host.</summary>
    [JsonIgnore]
    public int WorldSize => InstanceCount * ProcessesPerHost;

    /// <summary>
    /// Several processes or GPUs: each process is then pinned to what it was given (CUDA_VISIBLE_DEVICES,
    /// OMP_NUM_THREADS). A plain one-process job keeps the host's threads and devices.
    /// </summary>
    [JsonIgnore]
    public bool UsesRanks => WorldSize > 1 || GpusPerProcess > 0;
}
