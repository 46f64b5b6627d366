namespace Caviar.Serving.Transform;

/// <summary>What <c>caviar transform</c> scores and how.</summary>
public sealed record TransformOptions
{
    public required string ModelPath { get; init; }

    /// <summary>A file, or a folder whose *.csv, *.jsonl and *.parquet files are all scored (in name order).</summary>
    public required string Input { get; init; }

    /// <summary>Folder of the answers: NAME.out for input NAME.</summary>
    public required string Output { get; init; }

    /// <summary>Rows per ONNX Runtime run (default 256).</summary>
    public int Batch { get; init; } = 256;

    /// <summary>Files scored at once (default 1).</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>Skip inputs whose NAME.out is already there (written whole: outputs appear only by rename).</summary>
    public bool Resume { get; init; }

    /// <summary>ONNX Runtime intra-op threads (default 0: ONNX Runtime's choice).</summary>
    public int IntraOpThreads { get; init; }
}
