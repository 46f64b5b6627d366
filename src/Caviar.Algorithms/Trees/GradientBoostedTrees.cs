using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Caviar.Algorithms.Trees;

/// <summary>
/// The built-in gbt algorithm: LightGBM through ML.NET (FastTree when asked, or when LightGBM cannot load). After
/// training, the trees are walked to print the validation metric after every boosting iteration
/// (<c>iteration=N val_logloss=V val_accuracy=V</c>, or <c>val_rmse</c> for regression). Multiclass is one-vs-rest:
/// one binary booster per class, probabilities normalised across classes.
/// </summary>
public sealed class GradientBoostedTrees(TabularSettings settings, TextWriter log)
{
    private readonly MLContext _ml = new(settings.Seed);

    public IReadOnlyDictionary<string, double> Train(TabularData train, TabularData validation, TabularTask task, string modelDirectory)
    {
        Directory.CreateDirectory(modelDirectory);
        return task switch
        {
            TabularTask.Regression => Regression(train, validation, modelDirectory),
            TabularTask.Binary => Classification(train, validation, [1.0], modelDirectory),
            _ => Classification(train, validation, train.Labels.Concat(validation.Labels).Distinct().Order().ToArray(), modelDirectory),
        };
    }

    private Dictionary<string, double> Regression(TabularData train, TabularData validation, string modelDirectory)
    {
        var data = MlDataViews.Numeric(_ml, train);
        TreeEnsemble<RegressionTree> ensemble;
        ITransformer model;
        if (UseLightGbm(() => _ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                NumberOfIterations = settings.Iterations, LearningRate = settings.LearningRate, NumberOfLeaves = settings.Leaves,
                MinimumExampleCountPerLeaf = settings.MinDataInLeaf, NumberOfThreads = settings.Threads, Seed = settings.Seed,
                UseCategoricalSplit = false,
                Booster = new GradientBooster.Options { L1Regularization = settings.L1, L2Regularization = settings.L2 },
            }).Fit(data), out var lightGbm))
        {
            (model, ensemble) = (lightGbm!, lightGbm!.Model.TrainedTreeEnsemble);
        }
        else
        {
            var fastTree = _ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                NumberOfTrees = settings.Iterations, LearningRate = settings.LearningRate, NumberOfLeaves = settings.Leaves,
                MinimumExampleCountPerLeaf = settings.MinDataInLeaf, NumberOfThreads = settings.Threads,
            }).Fit(data);
            (model, ensemble) = (fastTree, fastTree.Model.TrainedTreeEnsemble);
        }
        MlNetModelFiles.Save(_ml, model, data, Path.Combine(modelDirectory, "model.zip"));
        var scores = TreeEnsembleScores.Cumulative(ensemble, validation.Features);
        double rmse = 0;
        for (int k = 0; k < scores.Length; k++)
        {
            rmse = Math.Sqrt(scores[k].Select((s, i) => Math.Pow(s - validation.Labels[i], 2)).Average());
            Write($"iteration={k + 1} val_rmse={F(rmse)}");
        }
        Write($"final val_rmse={F(rmse)}");
        return new() { ["val_rmse"] = rmse };
    }

    private Dictionary<string, double> Classification(TabularData train, TabularData validation, double[] classes, string modelDirectory)
    {
        // probabilities[k][c][i]: P(class c | example i) after k+1 iterations, before normalising across classes
        var perClass = new List<double[][]>();
        for (int c = 0; c < classes.Length; c++)
        {
            double positive = classes[c];
            var data = MlDataViews.Binary(_ml, train, label => label == positive);
            perClass.Add(BinaryProbabilities(data, validation, Path.Combine(modelDirectory, classes.Length == 1 ? "model.zip" : $"model-class-{c}.zip")));
        }
        double logloss = 0, accuracy = 0;
        int iterations = perClass.Min(p => p.Length);
        for (int k = 0; k < iterations; k++)
        {
            (logloss, accuracy) = classes.Length == 1
                ? BinaryMetrics(perClass[0][k], validation.Labels)
                : MulticlassMetrics(perClass.Select(p => p[k]).ToArray(), classes, validation.Labels);
            Write($"iteration={k + 1} val_logloss={F(logloss)} val_accuracy={F(accuracy)}");
        }
        Write($"final val_logloss={F(logloss)} val_accuracy={F(accuracy)}");
        return new() { ["val_logloss"] = logloss, ["val_accuracy"] = accuracy };
    }

    private double[][] BinaryProbabilities(IDataView data, TabularData validation, string modelFile)
    {
        TreeEnsemble<RegressionTree> ensemble;
        double slope, offset;
        if (UseLightGbm(() => _ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = settings.Iterations, LearningRate = settings.LearningRate, NumberOfLeaves = settings.Leaves,
                MinimumExampleCountPerLeaf = settings.MinDataInLeaf, NumberOfThreads = settings.Threads, Seed = settings.Seed,
                UseCategoricalSplit = false,
                Booster = new GradientBooster.Options { L1Regularization = settings.L1, L2Regularization = settings.L2 },
            }).Fit(data), out var lightGbm))
        {
            MlNetModelFiles.Save(_ml, lightGbm!, data, modelFile);
            (ensemble, slope, offset) = (lightGbm!.Model.SubModel.TrainedTreeEnsemble, lightGbm.Model.Calibrator.Slope, lightGbm.Model.Calibrator.Offset);
        }
        else
        {
            var fastTree = _ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = settings.Iterations, LearningRate = settings.LearningRate, NumberOfLeaves = settings.Leaves,
                MinimumExampleCountPerLeaf = settings.MinDataInLeaf, NumberOfThreads = settings.Threads,
            }).Fit(data);
            MlNetModelFiles.Save(_ml, fastTree, data, modelFile);
            (ensemble, slope, offset) = (fastTree.Model.SubModel.TrainedTreeEnsemble, fastTree.Model.Calibrator.Slope, fastTree.Model.Calibrator.Offset);
        }
        // ML.NET's Platt calibration of the final model, applied to the raw score after each iteration.
        return TreeEnsembleScores.Cumulative(ensemble, validation.Features)
            .Select(scores => scores.Select(raw => 1.0 / (1.0 + Math.Exp(slope * raw + offset))).ToArray()).ToArray();
    }

    private bool UseLightGbm<T>(Func<T> train, out T? model) where T : class
    {
        model = null;
        if (settings.Booster == "fasttree") return false;
        try
        {
            model = train();
            return true;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            Write($"LightGBM could not load ({error.GetType().Name}); using FastTree");
            return false;
        }
    }

    private static (double LogLoss, double Accuracy) BinaryMetrics(double[] p, double[] labels)
    {
        double loss = 0, correct = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double q = Math.Clamp(p[i], 1e-15, 1 - 1e-15);
            loss -= labels[i] == 1 ? Math.Log(q) : Math.Log(1 - q);
            if ((q > 0.5) == (labels[i] == 1)) correct++;
        }
        return (loss / p.Length, correct / p.Length);
    }

    private static (double LogLoss, double Accuracy) MulticlassMetrics(double[][] perClass, double[] classes, double[] labels)
    {
        double loss = 0, correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double total = perClass.Sum(c => c[i]);
            int truth = Array.IndexOf(classes, labels[i]);
            int predicted = Enumerable.Range(0, classes.Length).MaxBy(c => perClass[c][i]);
            loss -= Math.Log(Math.Clamp(perClass[truth][i] / total, 1e-15, 1));
            if (predicted == truth) correct++;
        }
        return (loss / labels.Length, correct / labels.Length);
    }

    private void Write(string line)
    {
        log.WriteLine(line);
        log.Flush();
    }

    private static string F(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
