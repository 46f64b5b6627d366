namespace Caviar.Algorithms.Onnx;

/// <summary>Settings of <c>caviar optimize</c>; defaults on each property.</summary>
public sealed record OptimizeOptions
{
    /// <summary>Fraction of weights the pruned variant zeroes. Default 0.5.</summary>
    public double Sparsity { get; init; } = 0.5;
    /// <summary>Prune across all layers together (true) or to the same sparsity in each layer. Default true.</summary>
    public bool GlobalPruning { get; init; } = true;
    /// <summary>Epochs of fine-tuning after pruning. Default 0.</summary>
    public int FineTuneEpochs { get; init; }
    /// <summary>Test examples used for the accuracy figures. Default 10,000 (all of Fashion-MNIST's).</summary>
    public int TestExamples { get; init; } = 10_000;
    /// <summary>Training examples whose activation ranges calibrate the static int8 variant (the first ones of the data's
    /// train part). Default 500.</summary>
    public int CalibrationExamples { get; init; } = 500;
    /// <summary>ONNX Runtime threads. Default 1, so the latency figures are per core.</summary>
    public int Threads { get; init; } = 1;
}

/// <summary>One variant's line of the report.</summary>
public sealed record VariantReport(string Variant, long SizeBytes, long CompressedBytes, double Sparsity, double Accuracy,
    double AccuracyDelta, double LatencyP50Ms, double LatencyP99Ms, double ThroughputPerSecond);

/// <summary>The whole report: the variants against fp32, and the machine they were measured on.</summary>
public sealed record OptimizationReport(string CpuModel, IReadOnlyList<string> CpuFlags, IReadOnlyList<VariantReport> Variants);
