using System.Diagnostics;
using Caviar.Algorithms.Trees;

namespace Caviar.Bench.Training;

/// <summary>Caviar's gbt (LightGBM, 100 iterations, learning rate 0.1, 31 leaves) on the peer's table: time (after one warm-up run) and accuracy.</summary>
public static class GbtBenchmark
{
    public static (double Seconds, double Accuracy) Run(string directory, int threads)
    {
        var train = TabularData.Load(Path.Combine(directory, "train.csv"), "label");
        var validation = TabularData.Load(Path.Combine(directory, "validation.csv"), "label");
        var settings = new TabularSettings { Iterations = 100, LearningRate = 0.1, Leaves = 31, Threads = threads };
        // One untimed run first, so JIT compilation and ML.NET's start-up are not counted (Python's imports are not either).
        new GradientBoostedTrees(settings, TextWriter.Null).Train(train, validation, TabularTask.Binary, Path.Combine(directory, "warm-up"));
        var watch = Stopwatch.StartNew();
        var metrics = new GradientBoostedTrees(settings, TextWriter.Null)
            .Train(train, validation, TabularTask.Binary, Path.Combine(directory, "caviar-model"));
        watch.Stop();
        return (watch.Elapsed.TotalSeconds, metrics["val_accuracy"]);
    }
}
