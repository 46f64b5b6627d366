using System.IO.Compression;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;

namespace Caviar.Algorithms.Onnx;

/// <summary>
/// Exports a trained mlp or cnn to ONNX as fp32, int8 (static quantization: convolutions and dense layers in int8,
/// calibrated on training examples; <see cref="StaticQuantization"/>), int8-dynamic (only the dense layers, activations
/// quantized at run time), fp16 and pruned fp32, measures each on ONNX Runtime on the test set (accuracy, latency
/// p50/p99 at batch 1, throughput at batch 64) and writes the models.
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
        var calibration = CalibrationExamples(dataDirectory, options.CalibrationExamples);

        var models = new List<(string Name, byte[] Model, double Sparsity)>
        {
            ("fp32", NetworkOnnxExport.Export(config, network, OnnxVariant.Fp32), MagnitudePruning.Sparsity(network)),
            ("int8", StaticQuantization.Export(config, network, calibration), MagnitudePruning.Sparsity(network)),
            ("int8-dynamic", NetworkOnnxExport.Export(config, network, OnnxVariant.Int8Dynamic), MagnitudePruning.Sparsity(network)),
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
            reports.Add(new VariantReport(name, model.Length, CompressedSize(model), sparsity, measured.Accuracy, measured.Accuracy - baseline,
                measured.LatencyP50Ms, measured.LatencyP99Ms, measured.ThroughputPerSecond));
            log.WriteLine($"{name}: accuracy {measured.Accuracy:F4}, p50 {measured.LatencyP50Ms:F3} ms");
        }
        var (cpu, flags) = CpuFeatures.Read();
        return new OptimizationReport(cpu, flags, reports);
    }

    /// <summary>The variants <see cref="Variant"/> builds, as <c>caviar optimize</c> names them (a trial's <c>optimize.variant</c>).</summary>
    public static IReadOnlyList<string> VariantNames { get; } = ["fp32", "int8", "int8-dynamic", "fp16", "pruned", "pruned-int8"];

    /// <summary>
    /// One variant of a trained network as ONNX: fp32, int8 (static, calibrated on <paramref name="calibration"/>),
    /// int8-dynamic, fp16, pruned (fp32 with the smallest weights zeroed to <paramref name="sparsity"/>, ranked across all
    /// layers) or pruned-int8 (pruned, then statically quantized). Pruning changes <paramref name="network"/> in place.
    /// Returns the model and the share of its weights that are zero.
    /// </summary>
    public static (byte[] Model, double Sparsity) Variant(string variant, NeuralModel config, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> network,
        LabeledExamples calibration, double sparsity)
    {
        if (variant is "pruned" or "pruned-int8") MagnitudePruning.Prune(network, sparsity, global: true);
        byte[] model = variant switch
        {
            "fp32" or "pruned" => NetworkOnnxExport.Export(config, network, OnnxVariant.Fp32),
            "int8" or "pruned-int8" => StaticQuantization.Export(config, network, calibration),
            "int8-dynamic" => NetworkOnnxExport.Export(config, network, OnnxVariant.Int8Dynamic),
            "fp16" => NetworkOnnxExport.Export(config, network, OnnxVariant.Fp16),
            _ => throw new Caviar.Validation.CaviarValidationException("variant", $"'{variant}' is none of {string.Join(", ", VariantNames)}"),
        };
        return (model, MagnitudePruning.Sparsity(network));
    }

    /// <summary>The first <paramref name="count"/> training examples (the train part of an MNIST-layout folder); a CSV
    /// table has no separate part, so its first rows (the test rows too) give the activation ranges.</summary>
    private static LabeledExamples CalibrationExamples(string dataDirectory, int count) =>
        ImageDataSets.HasIdx(dataDirectory, "train")
            ? ImageDataSets.Load(dataDirectory, "train").First(count)
            : CsvExamples.Load(dataDirectory).First(count);

    /// <summary>The bytes of <paramref name="model"/> gzip-compressed (deflate at its optimal level): the size a model
    /// ships at, where pruning's zeroed weights count (the ONNX file stores them densely, so its own size does not move).</summary>
    public static long CompressedSize(byte[] model)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(model);
        return output.Length;
    }
}
