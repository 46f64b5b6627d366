using System.Globalization;
using System.Text.Json;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using Caviar.Algorithms.Onnx;

namespace Caviar.Algorithms.Hosting;

/// <summary>
/// A training job's <c>optimize</c> step (the spec's <c>trainingJob.optimize</c>, passed by the runner as JSON in
/// <see cref="Variable"/>): after training, the model just written is exported as one ONNX variant (what
/// <c>caviar optimize</c> does for that variant) to OUTPUT_DIR/optimized/model-VARIANT.onnx and, when measured, run on
/// ONNX Runtime; its figures are reported through CAVIAR_METRICS_FILE as the job's ordinary metrics
/// (<c>opt_accuracy</c>, <c>latency_p50_ms</c>, <c>latency_p99_ms</c>, <c>throughput_per_s</c>, <c>model_size_kib</c>,
/// <c>model_size_compressed_kib</c>; unmeasured: the two sizes only), so objectives and constraints can name them.
/// </summary>
public static class TrialOptimization
{
    /// <summary>The environment variable holding the step's settings (unset: no step).</summary>
    public const string Variable = "CAVIAR_OPTIMIZE";

    /// <summary>The step's settings as the runner writes them (the spec's <c>optimize</c>, a tuned sparsity applied).</summary>
    public sealed record Settings(string Variant, bool Measure, double Sparsity, int TestExamples, int CalibrationExamples, int Threads);

    /// <summary>The settings of this job's step, or null when it has none.</summary>
    public static Settings? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } json
            ? JsonSerializer.Deserialize<Settings>(json, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{Variable} is null")
            : null;

    /// <summary>
    /// Exports (and measures) the model in <paramref name="job"/>'s model directory; <paramref name="test"/> gives the
    /// accuracy and timing examples, <paramref name="calibration"/> the static int8 ranges.
    /// </summary>
    public static void Run(Settings settings, JobContext job, LabeledExamples test, LabeledExamples calibration, TextWriter log)
    {
        var (config, network) = NeuralModel.Load(job.ModelDirectory);
        using var _ = network;
        var (model, sparsity) = ModelOptimizer.Variant(settings.Variant, config, network, calibration.First(settings.CalibrationExamples),
            settings.Sparsity);
        string folder = Path.Combine(job.OutputDirectory, "optimized");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, $"model-{settings.Variant}.onnx"), model);
        var metrics = new Dictionary<string, double>
        {
            ["model_size_kib"] = model.Length / 1024.0,
            ["model_size_compressed_kib"] = ModelOptimizer.CompressedSize(model) / 1024.0,
        };
        if (settings.Measure)
        {
            int[] inputShape = config.Settings.Architecture == "cnn" ? config.ImageShape! : [config.InputFeatures];
            var measured = OnnxScoring.Measure(model, test.First(settings.TestExamples), inputShape, settings.Threads);
            metrics["opt_accuracy"] = measured.Accuracy;
            metrics["latency_p50_ms"] = measured.LatencyP50Ms;
            metrics["latency_p99_ms"] = measured.LatencyP99Ms;
            metrics["throughput_per_s"] = measured.ThroughputPerSecond;
        }
        string line = string.Join(' ', metrics.Select(m => $"{m.Key}={m.Value.ToString("G6", CultureInfo.InvariantCulture)}"));
        log.WriteLine(FormattableString.Invariant($"optimized {settings.Variant} (sparsity {settings.Sparsity} asked, {sparsity:0.###} of weights zero): {line}"));
        if (Environment.GetEnvironmentVariable("CAVIAR_METRICS_FILE") is { Length: > 0 } metricsFile)
            File.AppendAllText(metricsFile, JsonSerializer.Serialize(metrics) + "\n");
    }
}
