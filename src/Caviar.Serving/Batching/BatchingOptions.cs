namespace Caviar.Serving.Batching;

/// <summary>How requests are gathered into one ONNX Runtime run.</summary>
public sealed record BatchingOptions
{
    /// <summary>Most rows in one run (default 64). A request with more rows runs alone.</summary>
    public int MaxBatch { get; init; } = 64;

    /// <summary>How long the first request of a batch waits for others to join it, in microseconds (default 500; 0: no wait).</summary>
    public int MaxDelayMicroseconds { get; init; } = 500;
}
