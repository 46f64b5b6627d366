using System.Diagnostics;
using Caviar.Algorithms.LightGbm;
using Caviar.Algorithms.Tabular;

namespace Caviar.Bench.Training;

/// <summary>
/// One gbt training's figures: wall time, this process's CPU time over the same span (all threads), and the kept
/// model's validation metrics. A fit row also gives the training dataset's share (binning the rows: LightGBM's
/// dataset, XGBoost's QuantileDMatrix), wall and CPU; the rest of the fit is boosting.
/// </summary>
public sealed record GbtRun(double Seconds, double CpuSeconds, double Accuracy, double LogLoss,
    double? DatasetSeconds = null, double? DatasetCpuSeconds = null);

/// <summary>
/// Caviar's gbt (LightGBM's C API; 100 iterations, learning rate 0.1, 31 leaves) on a table: one untimed run first
/// (JIT compilation and loading lib_lightgbm are not counted; Python's imports are not either), then timed runs of
/// one of two amounts of work, each matched by the XGBoost peer's WORK argument:
/// <list type="bullet">
/// <item><see cref="Run"/> ("job"): the whole of <see cref="GradientBoostedTrees.Train"/> — LightGBM datasets from
/// the rows, 100 iterations with the validation metric after each, model.txt and model.onnx written (XGBoost: fit with
/// eval_set and its two metrics every round, the model saved).</item>
/// <item><see cref="RunTrainingOnly"/> ("fit"): the training dataset from the rows and 100 iterations, nothing else
/// (XGBoost: fit alone). The accuracy is read after the timer from the same trees; the dataset's share of the
/// time is read between the two steps.</item>
/// </list>
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
        if (warmUp)
        {
            // JIT and native warm-up on the first rows only: a full-size warm-up on Fashion-MNIST (60,000 × 784, 10
            // classes) cost two whole trainings before the first timed one.
            var small = new GbtBenchmark(First(train, WarmUpRows), First(validation, WarmUpRows), task, threads, warmUp: false);
            small.Run();
            small.RunTrainingOnly();
        }
    }

    /// <summary>Rows the warm-up trains on (each table's first rows): 2,000.</summary>
    public const int WarmUpRows = 2_000;

    private static TabularData First(TabularData data, int rows) =>
        data.Take([.. Enumerable.Range(0, Math.Min(rows, data.Count))]);

    public GbtRun Run()
    {
        var (watch, cpu) = (Stopwatch.StartNew(), ProcessCpu());
        var metrics = new GradientBoostedTrees(_settings, TextWriter.Null).Train(_train, _validation, _task, _directory);
        return new GbtRun(watch.Elapsed.TotalSeconds, ProcessCpu() - cpu, metrics["val_accuracy"], metrics["val_logloss"]);
    }

    public GbtRun RunTrainingOnly()
    {
        // The bench's tables have labels 0 … k−1, which are LightGBM's class indices as they are (as in GbtPhases).
        int classes = _task == TabularTask.Multiclass ? _train.Labels.Distinct().Count() : _task == TabularTask.Binary ? 2 : 0;
        var parameters = GbtParameters.For(_settings, _task, classes);
        float[] trainLabels = [.. _train.Labels.Select(l => (float)l)], validationLabels = [.. _validation.Labels.Select(l => (float)l)];
        var (watch, cpu) = (Stopwatch.StartNew(), ProcessCpu());
        using var trainSet = LightGbmDataset.FromRows(_train.Features, trainLabels, parameters);
        var (datasetSeconds, datasetCpu) = (watch.Elapsed.TotalSeconds, ProcessCpu() - cpu);
        using var booster = LightGbmBooster.Create(trainSet, parameters);
        for (int i = 0; i < _settings.Iterations && booster.UpdateOneIteration(); i++) { }
        var (seconds, cpuSeconds) = (watch.Elapsed.TotalSeconds, ProcessCpu() - cpu);
        using var validationSet = LightGbmDataset.FromRows(_validation.Features, validationLabels, parameters, trainSet);
        booster.AddValidation(validationSet);
        var metrics = GbtMetrics.FromLightGbm(booster.MetricNames(), booster.Evaluate(1));
        return new GbtRun(seconds, cpuSeconds, metrics["val_accuracy"], metrics["val_logloss"], datasetSeconds, datasetCpu);
    }

    /// <summary>CPU time of the whole process (all threads, LightGBM's OpenMP workers included), in seconds.</summary>
    private static double ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }
}
