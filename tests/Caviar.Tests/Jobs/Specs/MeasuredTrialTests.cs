using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.MultiObjective;

/// <summary>
/// Trials measured as deployed: a real cnn tuning job on a Fashion-MNIST subset whose training job has an
/// <c>optimize</c> step (pruned-int8, sparsity tuned). Each trial's job exports the trained network, runs it on ONNX
/// Runtime and adds opt_accuracy, latency_p50_ms, latency_p99_ms, throughput_per_s, model_size_kib and
/// model_size_compressed_kib to its metrics;
/// the objectives are two of them and a size constraint marks the wide networks infeasible.
/// </summary>
public class MeasuredTrialTests
{
    /// <summary>Grid: hidden_units 16 or 256 (int8: ~6 KiB or ~100 KiB) × optimize.sparsity 0 or 0.8; size ≤ 40 KiB.</summary>
    private const string Spec = """
        {
          "name": "measured",
          "objectives": [
            { "metricName": "opt_accuracy", "type": "Maximize" },
            { "metricName": "latency_p50_ms", "type": "Minimize" }
          ],
          "constraints": [ { "metricName": "model_size_kib", "max": 40 } ],
          "strategy": "Grid",
          "trainingJob": {
            "algorithm": "cnn",
            "hyperParameters": { "epochs": 1, "max_train_examples": 2000, "learning_rate": 0.005, "conv_channels": "4,8", "batch_size": 64, "threads": 1, "seed": 1 },
            "channels": [ { "name": "train", "path": "/usr/share/datasets/fashion-mnist" } ],
            "metricDefinitions": [ { "name": "val_accuracy", "regex": "epoch=(?<step>\\d+) .*val_accuracy=(?<value>\\S+)" } ],
            "optimize": { "variant": "pruned-int8", "testExamples": 200, "calibrationExamples": 100 }
          },
          "hyperParameterRanges": [
            { "type": "categorical", "name": "hidden_units", "values": ["16", "256"] },
            { "type": "continuous", "name": "optimize.sparsity", "minValue": 0, "maxValue": 0.8, "step": 0.8 }
          ],
          "limits": { "maxTrials": 4, "maxParallel": 1 }
        }
        """;

    [Fact]
    public void A_cnn_trials_optimized_model_is_measured_into_its_metrics_and_a_size_constraint_marks_wide_ones_infeasible()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), Spec);
        var run = CliRunner.RunWithin(TimeSpan.FromMinutes(8), dir.Path, "tune", "spec.json", "--artifacts", dir.File("artifacts"));
        Assert.True(run.ExitCode == 0, run.All);

        var trials = CliSpecs.Trials(dir, "measured");
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.True(t.State == TrialState.Completed, $"trial {t.Number}: {t.State}"));
        foreach (var trial in trials)
        {
            string hidden = (string)trial.ExternalParams["hidden_units"];
            double sparsity = Convert.ToDouble(trial.ExternalParams["optimize.sparsity"]);
            var job = JobDirectory.For(dir.File("artifacts"), $"measured-{trial.Number:D4}");
            var metrics = MetricLog.Read(job.MetricsFile).GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last().Value);
            foreach (var name in OptimizeStep.MeasuredMetrics) Assert.True(metrics.ContainsKey(name), $"trial {trial.Number} lacks {name}");

            // The objectives are the measured metrics, the constraint the size (≤ 0 feasible).
            Assert.Equal([metrics["opt_accuracy"], metrics["latency_p50_ms"]], trial.Values!);
            Assert.Equal([metrics["model_size_kib"] - 40], trial.Constraints);
            Assert.InRange(metrics["opt_accuracy"], 0.15, 1.0);   // 2,000 examples, 1 epoch: above chance (0.1) even 80% pruned
            Assert.True(metrics["latency_p50_ms"] > 0 && metrics["latency_p99_ms"] >= metrics["latency_p50_ms"]);
            Assert.True(metrics["throughput_per_s"] > 0);
            Assert.True(hidden == "256" ? metrics["model_size_kib"] > 60 : metrics["model_size_kib"] < 20,
                $"hidden {hidden}: {metrics["model_size_kib"]} KiB");
            Assert.Equal(hidden == "16", trial.Constraints!.Single() <= 0);

            // The tuned sparsity reached the step (and not the network's hyperparameters), and the model was written.
            string log = File.ReadAllText(job.LogFile(0));
            Assert.Contains(FormattableString.Invariant($"optimized pruned-int8 (sparsity {sparsity} asked, "), log);
            Assert.True(File.Exists(Path.Combine(job.OutputDirectory, "optimized", "model-pruned-int8.onnx")));
            Assert.DoesNotContain("optimize.sparsity", File.ReadAllText(job.HyperParametersFile));
        }

        // The same network (same seed) pruned to 80% loses accuracy: the tuned sparsity acts on the measured model. Its
        // file is as large (zeros stored densely), but compressed it is much smaller: what model_size_compressed_kib shows.
        foreach (var width in trials.GroupBy(t => (string)t.ExternalParams["hidden_units"]))
        {
            var bySparsity = width.ToDictionary(t => Convert.ToDouble(t.ExternalParams["optimize.sparsity"]), t => t.Values![0]);
            Assert.True(bySparsity[0] > bySparsity[0.8], $"hidden {width.Key}: {bySparsity[0]} unpruned, {bySparsity[0.8]} at 0.8");
            var sizes = width.ToDictionary(t => Convert.ToDouble(t.ExternalParams["optimize.sparsity"]), t =>
            {
                var metrics = MetricLog.Read(JobDirectory.For(dir.File("artifacts"), $"measured-{t.Number:D4}").MetricsFile)
                    .GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last().Value);
                return (File: metrics["model_size_kib"], Compressed: metrics["model_size_compressed_kib"]);
            });
            Assert.True(Math.Abs(sizes[0].File - sizes[0.8].File) < 1, $"hidden {width.Key}: {sizes[0].File} and {sizes[0.8].File} KiB");
            Assert.True(sizes[0].Compressed < sizes[0].File, $"hidden {width.Key}: {sizes[0].Compressed} of {sizes[0].File} KiB");
            Assert.True(sizes[0.8].Compressed < 0.7 * sizes[0].Compressed,
                $"hidden {width.Key}: compressed {sizes[0].Compressed} KiB unpruned, {sizes[0.8].Compressed} KiB at 0.8");
        }

        var best = CliRunner.Run(dir.Path, "best", "measured", "--json");
        Assert.True(best.ExitCode == 0, best.All);
        using var json = System.Text.Json.JsonDocument.Parse(best.Output);
        var front = json.RootElement.GetProperty("front").EnumerateArray().ToList();
        Assert.NotEmpty(front);
        Assert.All(front, t => Assert.Equal("16", t.GetProperty("params").GetProperty("hidden_units").GetString()));
    }
}
