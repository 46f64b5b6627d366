using Caviar.Jobs.Distributed;
using Caviar.Serving.Batching;
using Caviar.Serving.Models;
using Caviar.Serving.Variants;

namespace Caviar.Serving;

/// <summary>What <c>caviar deploy</c> starts: the variants, where it listens, and how it batches.</summary>
public sealed record EndpointOptions
{
    /// <summary>The endpoint's name: the model name of the Open Inference Protocol's URLs and the registry's key.</summary>
    public required string Name { get; init; }

    public required IReadOnlyList<VariantSpec> Variants { get; init; }

    /// <summary>Address to listen on (default 127.0.0.1: this machine only).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port (default 8080; 0: any free port, written to the registry).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The bearer token every call but the health checks must send; null serves without one.</summary>
    public string? Token { get; init; }

    public BatchingOptions Batching { get; init; } = new();

    /// <summary>ONNX Runtime's intra-op threads per model (default 0: ONNX Runtime's choice, one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Where the models run (default the CPU); <c>cuda</c> falls back to the CPU, saying why, where it cannot.</summary>
    public InferenceDevice Device { get; init; } = InferenceDevice.Cpu;

    /// <summary>Finds this host's GPUs for <c>cuda</c> (default <see cref="GpuInventory.Discover"/>: $CAVIAR_GPUS, else nvidia-smi -L).</summary>
    public Func<GpuInventory>? DiscoverGpus { get; init; }

    /// <summary>Largest request body accepted, in bytes (default 8 MB); a larger one is answered 413.</summary>
    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Folder of the endpoint registry (ARTIFACTS/endpoints); null keeps the endpoint out of it.</summary>
    public string? RegistryDirectory { get; init; }

    /// <summary>The clock of the registry's times (default the system clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
