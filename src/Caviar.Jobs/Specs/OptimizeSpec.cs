namespace Caviar.Jobs.Specs;

/// <summary>
/// A training spec's <c>"optimize"</c> (built-in mlp and cnn only): after training, the job exports its model as one
/// ONNX variant (what <c>caviar optimize</c> does for that variant) to OUTPUT_DIR/optimized/model-VARIANT.onnx and,
/// when <see cref="Measure"/> is set, runs it on ONNX Runtime and adds its figures to the job's metrics:
/// <c>opt_accuracy</c>, <c>latency_p50_ms</c>, <c>latency_p99_ms</c> (batch 1), <c>throughput_per_s</c> (batch 64),
/// <c>model_size_kib</c> (the .onnx file) and <c>model_size_compressed_kib</c> (the file gzip-compressed: where a pruned
/// model's zeros count, since the file stores them densely); the two sizes are reported without measuring too. Tuning
/// specs' objectives and constraints can name them, and <c>optimize.sparsity</c> can be a tuned range.
/// </summary>
public sealed record OptimizeSpec
{
    /// <summary>fp32, int8 (static, calibrated), int8-dynamic, fp16, pruned (fp32, smallest weights zeroed) or pruned-int8
    /// (pruned, then int8). Default int8.</summary>
    public string Variant { get; init; } = "int8";

    /// <summary>Run the variant on ONNX Runtime and report accuracy, latency and throughput (else only its sizes). Default true.</summary>
    public bool Measure { get; init; } = true;

    /// <summary>Share of weights the pruned variants zero, ranked across all layers, in [0, 1). Default 0.5.</summary>
    public double Sparsity { get; init; } = 0.5;

    /// <summary>Examples measured: the test channel's (or the train channel's t10k part), else the validation examples. Default 10,000.</summary>
    public int TestExamples { get; init; } = 10_000;

    /// <summary>Training examples whose activation ranges calibrate int8 and pruned-int8. Default 500.</summary>
    public int CalibrationExamples { get; init; } = 500;

    /// <summary>ONNX Runtime threads while measuring. Default 1, so latencies are per core.</summary>
    public int Threads { get; init; } = 1;
}
