using System.Diagnostics;
using Caviar.Algorithms.Tabular;

namespace Caviar.Bench.Training;

/// <summary>One gbt training's figures: the whole of GradientBoostedTrees.Train, and the kept model's validation metrics.</summary>
public sealed record GbtRun(double Seconds, double Accuracy, double LogLoss);

/// <summary>
/// Caviar's gbt (LightGBM's C API; 100 iterations, learning rate 0.1, 31 leaves) on a table: one untimed run first
/// (JIT compilation and loading lib_lightgbm are not counted; Python's imports are not either), then timed runs of
/// the whole of <see cref="GradientBoostedTrees.Train"/>: LightGBM datasets from the rows, 100 iterations with the
/// validation metric after each, model.txt and model.onnx written.
/// </summary>
public sealed class GbtBenchmark
{
    private readonly TabularData _train, _validation;
    private readonly TabularTask _task;
    private readonly TabularSettings _settings;
    private readonly string _directory;

    public GbtBenchmark(TabularData train, TabularData validation, TabularTask task, int threads, bool warmUp = true)
    {
        (_train, _validation, _task) = (train, validation, task);
        _settings = new TabularSettings { Iterations = 100, LearningRate = 0.1, Leaves = 31, Threads = threads };
        _directory = Directory.CreateTempSubdirectory("caviar-gbt-bench-model-").FullName;
        if (warmUp) Run();
    }

    public GbtRun Run()
    {
        var watch = Stopwatch.StartNew();
        var metrics = new GradientBoostedTrees(_settings, TextWriter.Null).Train(_train, _validation, _task, _directory);
        return new GbtRun(watch.Elapsed.TotalSeconds, metrics["val_accuracy"], metrics["val_logloss"]);
    }
}
