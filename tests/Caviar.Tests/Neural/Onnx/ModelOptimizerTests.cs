using System.Text.Json;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using Caviar.Algorithms.Onnx;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Algorithms;

[Collection(FashionMnistCollection.Name)]
public class ModelOptimizerTests(FashionMnistFixture data)
{
    private string TrainModel(TempDirectory dir, NeuralSettings settings)
    {
        var (train, validation) = DataSplit.Indices(3000, 0.2, seed: 1);
        var subset = data.Train.First(3000);
        new NeuralTrainer(settings, TextWriter.Null).Train(subset.Take(train), subset.Take(validation), null, 10,
            dir.File("ck"), dir.File("model"));
        return dir.File("model");
    }

    private double TorchAccuracy(string model, int examples)
    {
        var (config, network) = NeuralModel.Load(model);
        using var batches = new BatchStream(data.Test.First(examples), 500, config.Settings.Architecture == "cnn" ? config.ImageShape : null);
        return NeuralTrainer.Evaluate(network, batches).Accuracy;
    }

    [Fact]
    public void The_mlp_exports_to_onnx_exactly_and_its_variants_trade_size_for_little_accuracy()
    {
        using var dir = new TempDirectory();
        string model = TrainModel(dir, new NeuralSettings { HiddenUnits = [128, 64], Epochs = 2, Threads = 2 });
        var report = ModelOptimizer.Run(model, ImageDataSets.FashionMnistDirectory, dir.File("out"),
            new OptimizeOptions { TestExamples = 1000, Sparsity = 0.5 }, TextWriter.Null);

        var byName = report.Variants.ToDictionary(v => v.Variant);
        Assert.Equal(["fp32", "int8", "int8-dynamic", "fp16", "pruned-0.5-global"], report.Variants.Select(v => v.Variant));
        Assert.Equal(TorchAccuracy(model, 1000), byName["fp32"].Accuracy, 3);     // the ONNX graph computes what the network does
        Assert.True(byName["int8"].SizeBytes < 0.35 * byName["fp32"].SizeBytes);
        Assert.InRange(byName["fp16"].SizeBytes, 0.45 * byName["fp32"].SizeBytes, 0.55 * byName["fp32"].SizeBytes);
        Assert.True(byName["int8-dynamic"].SizeBytes < 0.35 * byName["fp32"].SizeBytes);
        Assert.True(byName["int8"].AccuracyDelta > -0.01, $"int8 lost {byName["int8"].AccuracyDelta}");
        Assert.True(byName["int8-dynamic"].AccuracyDelta > -0.02, $"int8-dynamic lost {byName["int8-dynamic"].AccuracyDelta}");
        Assert.True(Math.Abs(byName["fp16"].AccuracyDelta) < 0.005);
        Assert.InRange(byName["pruned-0.5-global"].Sparsity, 0.49, 0.51);
        Assert.True(byName["pruned-0.5-global"].CompressedBytes < 0.8 * byName["fp32"].CompressedBytes);
        Assert.All(report.Variants, v => Assert.True(v.LatencyP50Ms > 0 && v.LatencyP99Ms >= v.LatencyP50Ms && v.ThroughputPerSecond > 0));
        Assert.Contains("avx", report.CpuFlags);
        Assert.Equal(5, Directory.GetFiles(dir.File("out"), "*.onnx").Length);
    }

    [Fact]
    public void The_cnn_exports_to_onnx_exactly_with_batch_norm_folded()
    {
        using var dir = new TempDirectory();
        string model = TrainModel(dir, new NeuralSettings { Architecture = "cnn", ConvChannels = [8, 16], HiddenUnits = [32], Epochs = 1, Threads = 2 });
        var report = ModelOptimizer.Run(model, ImageDataSets.FashionMnistDirectory, dir.File("out"),
            new OptimizeOptions { TestExamples = 500, Sparsity = 0.3, GlobalPruning = false }, TextWriter.Null);
        Assert.Equal(TorchAccuracy(model, 500), report.Variants[0].Accuracy, 3);
        Assert.InRange(report.Variants.Single(v => v.Variant == "pruned-0.3-per-layer").Sparsity, 0.29, 0.31);
        var int8 = report.Variants.Single(v => v.Variant == "int8");   // static: the convolutions are int8 too
        Assert.True(int8.AccuracyDelta > -0.01, $"int8 lost {int8.AccuracyDelta}");
        Assert.True(int8.SizeBytes < 0.3 * report.Variants[0].SizeBytes);
    }

    [Fact]
    public void The_cli_prints_the_report_and_writes_it()
    {
        using var dir = new TempDirectory();
        string model = TrainModel(dir, new NeuralSettings { HiddenUnits = [32], Epochs = 1, Threads = 2 });
        var run = CliRunner.Run(dir.Path, "optimize", model, "--test-examples", "300", "--sparsity", "0.7", "--fine-tune", "1");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("int8", run.Output);
        Assert.Contains("fp16", run.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "optimized", "report.json")));
        var variants = report.RootElement.GetProperty("Variants").EnumerateArray().Select(v => v.GetProperty("Variant").GetString()).ToList();
        Assert.Equal(["fp32", "int8", "int8-dynamic", "fp16", "pruned-0.7-global"], variants);
    }
}
