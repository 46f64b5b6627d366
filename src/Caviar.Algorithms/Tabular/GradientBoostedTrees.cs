using System.Globalization;
using Caviar.Algorithms.LightGbm;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// The built-in gbt algorithm on LightGBM's own library (C API): the tables become LightGBM datasets from dense
/// matrices (validation binned like training), the booster grows one iteration at a time and LightGBM's validation
/// metric after each is printed (<c>iteration=N val_logloss=V val_accuracy=V</c>, or <c>val_rmse</c> for
/// regression). Binary and regression use LightGBM's objectives, multiclass its softmax. With
/// early_stopping_rounds the best iteration is kept. The log says why training ended before num_iterations.
/// The model is saved as LightGBM's text model (<c>model.txt</c>) and as ONNX (<c>model.onnx</c>).
/// </summary>
public sealed class GradientBoostedTrees(TabularSettings settings, TextWriter log)
{
    /// <summary>Where the class values are listed (LightGBM's class index → label), for classification models.</summary>
    public const string ClassesFile = "classes.txt";

    /// <summary>Adds or replaces LightGBM parameters after gbt's own (e.g. distributed learning's keys).</summary>
    public Action<LightGbmParameters>? ExtraParameters { get; init; }

    /// <summary>
    /// Distributed learning (LightGBM's data-parallel tree learner over its socket network); null trains on this
    /// process alone. Only the network's rank 0 writes the model. Default null.
    /// </summary>
    public GbtDistribution? Distribution { get; init; }

    /// <summary>
    /// The class values of a multiclass task, when they must not depend on this process's rows (every rank of a
    /// distributed job must agree on them). Default: those of the training and validation labels.
    /// </summary>
    public double[]? MulticlassValues { get; init; }

    public IReadOnlyDictionary<string, double> Train(TabularData train, TabularData validation, TabularTask task, string modelDirectory)
    {
        Directory.CreateDirectory(modelDirectory);
        double[] classes = ClassesOf(task, MulticlassValues ?? train.Labels.Concat(validation.Labels));
        var parameters = GbtParameters.For(settings, task, classes.Length);
        ExtraParameters?.Invoke(parameters);

        var (trainSet, network) = TrainingSet(train, LabelsFor(train, task, classes), parameters);
        using var joined = network;
        using var ownTrainSet = trainSet;
        network?.AddTo(parameters);
        using var validationSet = LightGbmDataset.FromRows(validation.Features, LabelsFor(validation, task, classes), parameters, trainSet);
        using var booster = LightGbmBooster.Create(trainSet, parameters);
        booster.AddValidation(validationSet);
        var names = booster.MetricNames();

        var stopping = new EarlyStopping(settings.EarlyStoppingRounds);
        for (int iteration = 1; iteration <= settings.Iterations; iteration++)
        {
            if (!booster.UpdateOneIteration())
            {
                Write($"LightGBM stopped growing trees after iteration {iteration - 1} of {settings.Iterations}: no leaf could be split " +
                      $"further (num_leaves={settings.Leaves}, min_data_in_leaf={settings.MinDataInLeaf}, {train.Count} training rows)");
                break;
            }
            var metrics = GbtMetrics.FromLightGbm(names, booster.Evaluate(1));
            Write($"iteration={iteration} " + Line(metrics));
            if (stopping.Observe(iteration, metrics[GbtMetrics.Watched(metrics)], metrics))
            {
                Write($"early stopping after iteration {iteration}: no better {GbtMetrics.Watched(metrics)} for " +
                      $"{settings.EarlyStoppingRounds} iterations; keeping iteration {stopping.BestIteration}");
                break;
            }
        }

        // Iteration 0 (no tree could be split at all): LightGBM keeps one constant tree, the average label.
        var best = stopping.BestIteration > 0 ? stopping.BestMetrics : GbtMetrics.FromLightGbm(names, booster.Evaluate(1));
        if (network is { Rank: not 0 })
        {
            Write($"final {Line(best)} best_iteration={stopping.BestIteration} (rank 0 saves the model)");
            return new Dictionary<string, double>(best);
        }
        SaveModel(booster.ModelText(stopping.BestIteration), classes, modelDirectory);
        Write($"final {Line(best)} best_iteration={stopping.BestIteration}");
        return new Dictionary<string, double>(best);
    }

    /// <summary>
    /// The training set, and the network joined when distributed: with <see cref="GbtDistribution.PoolRows"/> the bins
    /// are found from all of <paramref name="train"/> before joining (exactly as one process finds them) and this
    /// rank keeps its rows; without, the rank joins first and LightGBM's ranks find the bins together from their
    /// own rows.
    /// </summary>
    private (LightGbmDataset Set, LightGbmNetwork? Network) TrainingSet(TabularData train, float[] labels, LightGbmParameters parameters)
    {
        if (Distribution is null) return (LightGbmDataset.FromRows(train.Features, labels, parameters), null);
        if (Distribution.PoolRows is { } rows)
        {
            LightGbmDataset mine;
            using (var pool = LightGbmDataset.FromRows(train.Features, labels, parameters)) mine = pool.Subset(rows, parameters);
            try
            {
                return (mine, Distribution.Join());
            }
            catch
            {
                mine.Dispose();
                throw;
            }
        }
        var network = Distribution.Join();
        try
        {
            network.AddTo(parameters);
            return (LightGbmDataset.FromRows(train.Features, labels, parameters), network);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>The class values of a task (LightGBM's class index → label): 0, 1 for binary; the distinct labels for multiclass.</summary>
    internal static double[] ClassesOf(TabularTask task, IEnumerable<double> labels)
    {
        double[] classes = task switch
        {
            TabularTask.Binary => [0, 1],
            TabularTask.Multiclass => labels.Distinct().Order().ToArray(),
            _ => [],
        };
        if (task == TabularTask.Multiclass && classes.Any(c => c != Math.Floor(c)))
            throw new Validation.CaviarValidationException("hyperParameters.task", "multiclass labels must be whole numbers");
        return classes;
    }

    /// <summary>
    /// Writes the model from LightGBM's text (one serialisation for both files: the ONNX export reads it instead of
    /// LightGBM's JSON dump): model.txt, model.onnx and, for classification, the classes file.
    /// </summary>
    internal static void SaveModel(string modelText, double[] classes, string modelDirectory)
    {
        File.WriteAllText(Path.Combine(modelDirectory, "model.txt"), modelText);
        long[]? labels = classes.Length > 0 ? classes.Select(c => (long)c).ToArray() : null;
        File.WriteAllBytes(Path.Combine(modelDirectory, "model.onnx"), LightGbmOnnxExport.Export(modelText, labels));
        if (labels is not null) File.WriteAllLines(Path.Combine(modelDirectory, ClassesFile), labels.Select(l => l.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>LightGBM's labels: 0/1 for binary (1 is the positive class), the class index for multiclass.</summary>
    internal static float[] LabelsFor(TabularData data, TabularTask task, double[] classes) => task switch
    {
        TabularTask.Binary => data.Labels.Select(l => l == 1 ? 1f : 0f).ToArray(),
        TabularTask.Multiclass => data.Labels.Select(l => (float)Array.IndexOf(classes, l)).ToArray(),
        _ => data.Labels.Select(l => (float)l).ToArray(),
    };

    internal static string Line(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(" ", metrics.Select(m => $"{m.Key}={m.Value.ToString("G10", CultureInfo.InvariantCulture)}"));

    private void Write(string line)
    {
        log.WriteLine(line);
        log.Flush();
    }
}

/// <summary>
/// How one process of a distributed gbt job trains: <see cref="Join"/> enters LightGBM's network (called once, at
/// the right moment); <see cref="PoolRows"/>, when every rank holds the same whole training table, are the rows of
/// it this rank trains on (null: the training table given is already this rank's own share).
/// </summary>
public sealed record GbtDistribution(Func<LightGbmNetwork> Join, IReadOnlyList<int>? PoolRows);
