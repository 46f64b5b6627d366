using System.IO.Compression;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;

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
    /// <summary>ONNX Runtime threads. Default 1, so the latency figures are per core.</summary>
    public int Threads { get; init; } = 1;
}

/// <summary>One variant's line of the report.</summary>
public sealed record VariantReport(string Variant, long SizeBytes, long CompressedBytes, double Sparsity, double Accuracy,
    double AccuracyDelta, double LatencyP50Ms, double LatencyP99Ms, double ThroughputPerSecond);

/// <summary>The whole report: the variants against fp32, and the machine they were measured on.</summary>
public sealed record OptimizationReport(string CpuModel, IReadOnlyList<string> CpuFlags, IReadOnlyList<VariantReport> Variants);

/// <summary>
/// Exports a trained mlp or cnn to ONNX as fp32, int8 (dynamic quantization), fp16 and pruned fp32, measures each on
/// ONNX Runtime on the test set (accuracy, latency p50/p99 at batch 1, throughput at batch 64) and writes the models.
/// </summary>
public static class ModelOptimizer
{
    public static OptimizationReport Run(string modelDirectory, string dataDirectory, string outputDirectory, OptimizeOptions options,
        TextWriter log)
    {
        Directory.CreateDirectory(outputDirectory);
        var (config, network) = NeuralModel.Load(modelDirectory);
        using var _ = network;
        var test = ImageDataSets.HasIdx(dataDirectory, "t10k")
            ? ImageDataSets.Load(dataDirectory, "t10k").First(options.TestExamples)
            : CsvExamples.Load(dataDirectory).First(options.TestExamples);
        int[] inputShape = config.Settings.Architecture == "cnn" ? config.ImageShape! : [config.InputFeatures];

        var models = new List<(string Name, byte[] Model, double Sparsity)>
        {
            ("fp32", NetworkOnnxExport.Export(config, network, OnnxVariant.Fp32), MagnitudePruning.Sparsity(network)),
            ("int8", NetworkOnnxExport.Export(config, network, OnnxVariant.Int8), MagnitudePruning.Sparsity(network)),
            ("fp16", NetworkOnnxExport.Export(config, network, OnnxVariant.Fp16), MagnitudePruning.Sparsity(network)),
        };
        var masks = MagnitudePruning.Prune(network, options.Sparsity, options.GlobalPruning);
        if (options.FineTuneEpochs > 0 && ImageDataSets.HasIdx(dataDirectory, "train"))
            MagnitudePruning.FineTune(network, masks, ImageDataSets.Load(dataDirectory, "train"), config.Settings, options.FineTuneEpochs, log);
        string pruned = $"pruned-{options.Sparsity:0.##}-{(options.GlobalPruning ? "global" : "per-layer")}";
        models.Add((pruned, NetworkOnnxExport.Export(config, network, OnnxVariant.Fp32), MagnitudePruning.Sparsity(network)));

        var reports = new List<VariantReport>();
        double baseline = double.NaN;
        foreach (var (name, model, sparsity) in models)
        {
            File.WriteAllBytes(Path.Combine(outputDirectory, $"model-{name}.onnx"), model);
            var measured = OnnxScoring.Measure(model, test, inputShape, options.Threads);
            if (name == "fp32") baseline = measured.Accuracy;
            reports.Add(new VariantReport(name, model.Length, Compressed(model), sparsity, measured.Accuracy, measured.Accuracy - baseline,
                measured.LatencyP50Ms, measured.LatencyP99Ms, measured.ThroughputPerSecond));
            log.WriteLine($"{name}: accuracy {measured.Accuracy:F4}, p50 {measured.LatencyP50Ms:F3} ms");
        }
        var (cpu, flags) = CpuFeatures.Read();
        return new OptimizationReport(cpu, flags, reports);
    }

    private static long Compressed(byte[] model)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(model);
        return output.Length;
    }
}
