namespace Caviar.Server.Deployments;

/// <summary>
/// The body of <c>POST /api/endpoints</c>: the endpoint's name, its model (one of <see cref="Model"/>,
/// <see cref="TrainingJob"/>, <see cref="TuningJob"/>; served as variant <c>main</c>) and further variants, and how
/// it serves. Unset numbers take <c>caviar deploy</c>'s defaults.
/// </summary>
internal sealed record CreateEndpointRequest
{
    public string? Name { get; init; }

    /// <summary>An .onnx file or a model folder under the artifacts folder or a data root.</summary>
    public string? Model { get; init; }

    /// <summary>A training job whose model is served.</summary>
    public string? TrainingJob { get; init; }

    /// <summary>A tuning job whose best trial's model is served.</summary>
    public string? TuningJob { get; init; }

    public IReadOnlyList<VariantRequest> Variants { get; init; } = [];

    /// <summary>Port on 127.0.0.1 (default 0: any free port; the answer and the listing give the URL).</summary>
    public int Port { get; init; }

    /// <summary>Most rows run together (default 64).</summary>
    public int? MaxBatch { get; init; }

    /// <summary>How long a request waits for others to batch with, in microseconds (default 500).</summary>
    public int? MaxDelayUs { get; init; }

    /// <summary>ONNX Runtime intra-op threads per model (default 0: one per physical core).</summary>
    public int? Threads { get; init; }

    /// <summary>cpu (default) or cuda (falls back to the CPU, saying so, where no GPU or CUDA library is found).</summary>
    public string? Device { get; init; }
}
