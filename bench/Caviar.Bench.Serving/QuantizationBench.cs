using System.Globalization;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using Caviar.Algorithms.Onnx;

namespace Caviar.Bench.Serving;

/// <summary>
/// <c>quantization</c> mode: the tuned cnn's architecture and hyperparameters (bench/README.md's tuning run) and the
/// default mlp, trained on Fashion-MNIST, exported as fp32, int8 (static, QDQ), int8-qop (static, QLinearConv/QGemm)
/// and int8-dynamic, and measured on ONNX Runtime with 1 thread (accuracy on the 10,000 test images, p50 latency at
/// batch 1, throughput at batch 64). The variants are measured in turn for several rounds, so load that comes and goes
/// falls on each alike; medians over rounds are reported with the ratios to fp32.
/// Usage: quantization [--epochs 3] [--examples 60000] [--rounds 5] [--calibration 500] [--profile] (time per operator).
/// </summary>
internal static class QuantizationBench
{
    public static int Run(string[] args)
    {
        int epochs = Option(args, "--epochs", 3), examples = Option(args, "--examples", 60_000), rounds = Option(args, "--rounds", 5),
            calibrationCount = Option(args, "--calibration", 500);
        string work = Directory.CreateTempSubdirectory("caviar-bench-quant-").FullName;
        var all = ImageDataSets.Load(ImageDataSets.FashionMnistDirectory, "train").First(examples);
        var test = ImageDataSets.Load(ImageDataSets.FashionMnistDirectory, "t10k");
        var calibration = all.First(calibrationCount);
        var (trainRows, validationRows) = DataSplit.Indices(all.Count, 0.1, seed: 1);
        var networks = new (string Name, NeuralSettings Settings)[]
        {
            ("cnn", new NeuralSettings { Architecture = "cnn", ConvChannels = [32, 64], HiddenUnits = [128], Optimizer = "adamw",
                LearningRate = 0.00899, Dropout = 0.092, LrSchedule = "cosine", Epochs = epochs, Seed = 1, Threads = 2 }),
            ("mlp", new NeuralSettings { Epochs = epochs, Seed = 1, Threads = 2 }),
        };
        var (cpu, flags) = CpuFeatures.Read();
        Console.WriteLine($"CPU: {cpu}; {Environment.ProcessorCount} cores; flags: {string.Join(' ', flags)}");
        foreach (var (name, settings) in networks)
        {
            string modelDir = Path.Combine(work, name);
            var trained = new NeuralTrainer(settings, TextWriter.Null).Train(all.Take(trainRows), all.Take(validationRows), null, 10,
                Path.Combine(work, name + "-ck"), modelDir);
            var (config, network) = NeuralModel.Load(modelDir);
            var variants = new (string Name, byte[] Model)[]
            {
                ("fp32", NetworkOnnxExport.Export(config, network, OnnxVariant.Fp32)),
                ("int8", StaticQuantization.Export(config, network, calibration, QuantizationFormat.Qdq)),
                ("int8-qop", StaticQuantization.Export(config, network, calibration, QuantizationFormat.QOperator)),
                ("int8-dynamic", NetworkOnnxExport.Export(config, network, OnnxVariant.Int8Dynamic)),
            };
            network.Dispose();
            int[] inputShape = name == "cnn" ? config.ImageShape! : [config.InputFeatures];
            if (args.Contains("--profile"))
                foreach (var (variant, model) in variants)
                    OperatorProfile.Print($"{name}-{variant}", model, test.Values, inputShape, work);
            Console.WriteLine($"\n{name}: {epochs} epochs on {trainRows.Count()} images, validation accuracy {trained.ValidationAccuracy:F4}; " +
                              $"{rounds} rounds, calibration on {calibration.Count} training images");
            var measured = variants.ToDictionary(v => v.Name, _ => new List<OnnxMeasurement>());
            for (int round = 0; round < rounds; round++)
                foreach (var (variant, model) in variants)
                {
                    var m = OnnxScoring.Measure(model, test, inputShape, threads: 1);
                    measured[variant].Add(m);
                    Console.WriteLine($"  round {round} {variant}: p50 {m.LatencyP50Ms:F4} ms, {m.ThroughputPerSecond:F0}/s, accuracy {m.Accuracy:F4}" +
                                      $"   (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
                }
            double Median(IEnumerable<double> values)
            {
                var sorted = values.Order().ToArray();
                return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            }
            var fp32 = measured["fp32"];
            double fp32P50 = Median(fp32.Select(m => m.LatencyP50Ms)), fp32Throughput = Median(fp32.Select(m => m.ThroughputPerSecond));
            Console.WriteLine($"| network | variant | size KiB | accuracy | Δ accuracy | p50 ms (batch 1) | p50 speed-up | per s (batch 64) | throughput vs fp32 |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var (variant, model) in variants)
            {
                var m = measured[variant];
                double p50 = Median(m.Select(x => x.LatencyP50Ms)), throughput = Median(m.Select(x => x.ThroughputPerSecond));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {variant} | {model.Length / 1024.0:F0} | {m[0].Accuracy:F4} | {m[0].Accuracy - fp32[0].Accuracy:+0.0000;-0.0000;0} | " +
                    $"{p50:F4} | {fp32P50 / p50:F2}x | {throughput:F0} | {throughput / fp32Throughput:F2}x |"));
            }
        }
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
