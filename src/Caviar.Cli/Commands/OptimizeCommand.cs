using Caviar.Jobs.Specs;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Onnx;
using Spectre.Console;
using Caviar.Cli.Output;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar optimize MODEL</c>: exports a trained mlp/cnn model directory to ONNX as fp32, int8 (static), int8-dynamic,
/// fp16 and pruned variants and reports size, accuracy, latency and throughput of each on ONNX Runtime. The work is done by the neural
/// plugin (caviar-neural optimize), which writes OUTPUT/report.json; this prints it.
/// </summary>
internal sealed class OptimizeCommand : Command<OptimizeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("A model directory written by the mlp or cnn algorithm (config.json + weights.bin).")]
        public string Model { get; init; } = "";

        [CommandOption("--data <DIR>")]
        [Description("Test data: an MNIST-layout folder (its t10k part) or a CSV (default: Debian's Fashion-MNIST).")]
        public string Data { get; init; } = ImageDataSets.FashionMnistDirectory;

        [CommandOption("-o|--output <DIR>")]
        [Description("Where the ONNX models and report.json go (default: MODEL/optimized).")]
        public string? Output { get; init; }

        [CommandOption("--sparsity <FRACTION>")]
        [Description("Share of weights the pruned variant zeroes (default 0.5).")]
        public double Sparsity { get; init; } = 0.5;

        [CommandOption("--per-layer")]
        [Description("Prune each layer to the sparsity instead of ranking all weights together.")]
        public bool PerLayer { get; init; }

        [CommandOption("--fine-tune <EPOCHS>")]
        [Description("Epochs of fine-tuning after pruning, with the pruned weights held at zero (default 0).")]
        public int FineTune { get; init; }

        [CommandOption("--test-examples <N>")]
        [Description("Test examples used to measure accuracy, latency and throughput (default 10000).")]
        public int TestExamples { get; init; } = 10_000;

        [CommandOption("--calibration-examples <N>")]
        [Description("Training examples (DATA's train part) whose activation ranges calibrate the static int8 variant (default 500).")]
        public int CalibrationExamples { get; init; } = 500;

        [CommandOption("--threads <N>")]
        [Description("ONNX Runtime threads (default 1).")]
        public int Threads { get; init; } = 1;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            if (!File.Exists(Path.Combine(settings.Model, "config.json")))
                throw new Caviar.Validation.CaviarValidationException("MODEL", $"'{settings.Model}' holds no config.json of an mlp/cnn model");
            if (settings.CalibrationExamples < 1)
                throw new Caviar.Validation.CaviarValidationException("--calibration-examples", "must be at least 1");
            string output = Path.GetFullPath(settings.Output ?? Path.Combine(settings.Model, "optimized"));
            var options = new OptimizeOptions
            {
                Sparsity = settings.Sparsity, GlobalPruning = !settings.PerLayer, FineTuneEpochs = settings.FineTune,
                TestExamples = settings.TestExamples, CalibrationExamples = settings.CalibrationExamples, Threads = settings.Threads,
            };
            int exit = NeuralPluginProcess.Run("MODEL", "caviar optimize", "optimize", Path.GetFullPath(settings.Model),
                Path.GetFullPath(settings.Data), output, JsonSerializer.Serialize(options));
            if (exit != 0) return exit;
            var report = JsonSerializer.Deserialize<OptimizationReport>(File.ReadAllText(Path.Combine(output, "report.json")))!;

            string[] columns = ["variant", "size KiB", "gzip KiB", "sparsity", "accuracy", "Δ accuracy", "p50 ms (batch 1)", "p99 ms", "per s (batch 64)"];
            var table = new Tabular(columns, rightAligned: columns.Skip(1));
            string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
            foreach (var v in report.Variants)
                table.Add(v.Variant, F(v.SizeBytes / 1024.0, "F0"), F(v.CompressedBytes / 1024.0, "F0"), F(v.Sparsity, "P0"),
                    F(v.Accuracy, "F4"), F(v.AccuracyDelta, "+0.0000;-0.0000;0"), F(v.LatencyP50Ms, "F3"), F(v.LatencyP99Ms, "F3"),
                    F(v.ThroughputPerSecond, "F0"));
            table.Write(OutputFormat.Table, Console.Out, $"{report.CpuModel} — {string.Join(' ', report.CpuFlags)}");
            AnsiConsole.MarkupLine($"Models and report.json in {Markup.Escape(output)}");
            return 0;
        });
}
