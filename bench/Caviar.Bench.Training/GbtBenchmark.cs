using System.Diagnostics;
using Caviar.Algorithms.Trees;

namespace Caviar.Bench.Training;

/// <summary>
/// Caviar's gbt (LightGBM, 100 iterations, learning rate 0.1, 31 leaves) on the peer's table: the time of each of
/// <c>runs</c> trainings (after one warm-up run) and the accuracy (the same every run: the seed is fixed).
/// </summary>
public static class GbtBenchmark
{
    public static (double[] Seconds, double Accuracy) Run(string directory, int threads, int runs)
    {
        var train = TabularData.Load(Path.Combine(directory, "train.csv"), "label");
        var validation = TabularData.Load(Path.Combine(directory, "validation.csv"), "label");
        var settings = new TabularSettings { Iterations = 100, LearningRate = 0.1, Leaves = 31, Threads = threads };
        // One untimed run first, so JIT compilation and ML.NET's start-up are not counted (Python's imports are not either).
        new GradientBoostedTrees(settings, TextWriter.Null).Train(train, validation, TabularTask.Binary, Path.Combine(directory, "warm-up"));
        var seconds = new List<double>();
        double accuracy = 0;
        for (int run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var metrics = new GradientBoostedTrees(settings, TextWriter.Null)
                .Train(train, validation, TabularTask.Binary, Path.Combine(directory, "caviar-model"));
            seconds.Add(watch.Elapsed.TotalSeconds);
            accuracy = metrics["val_accuracy"];
        }
        return ([.. seconds], accuracy);
    }
}
