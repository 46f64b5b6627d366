using System.Globalization;
using Caviar.Algorithms.Data;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// The built-in linear algorithm (ML.NET): SDCA (logistic regression, maximum entropy, least squares) or L-BFGS
/// (logistic regression, maximum entropy), with L1 and L2 and features standardised (centred and scaled to unit
/// variance, ML.NET's mean-variance normaliser with <c>fixZero: false</c>) with statistics from the training rows only;
/// the normaliser is part of the saved model (model.zip and model.onnx), so predictions take raw features.
/// SDCA reports the validation metric after each epoch by training 1, 2, … epochs in turn, so the stream is real
/// (its cost grows with the square of the epochs). <c>epoch=N val_logloss=V val_accuracy=V</c> or <c>val_rmse</c>.
/// With cross_validation_folds (<see cref="CrossValidate"/>) each epoch's line is the mean over the folds.
/// </summary>
public sealed class LinearLearner(TabularSettings settings, TextWriter log)
{
    private readonly MLContext _ml = new(settings.Seed);

    public IReadOnlyDictionary<string, double> Train(TabularData train, TabularData validation, TabularTask task, string modelDirectory)
    {
        Directory.CreateDirectory(modelDirectory);
        CheckSolver(task);
        var (trainView, validationView) = (View(train, task), View(validation, task));
        var metrics = new Dictionary<string, double>();
        int rounds = Rounds;
        for (int epoch = 1; epoch <= rounds; epoch++)
        {
            var model = Fit(trainView, task, epoch);
            metrics = Evaluate(model.Transform(validationView), task);
            Write($"epoch={epoch} " + Line(metrics));
            if (epoch == rounds) MlNetModelFiles.Save(_ml, model, trainView, Path.Combine(modelDirectory, "model.zip"));
        }
        Write("final " + Line(metrics));
        return metrics;
    }

    /// <summary>
    /// k-fold cross-validation: each epoch trains every fold on its training rows (its own standardisation) and prints
    /// the mean of the folds' validation metrics; then each fold's last values (<c>fold=K …</c>), and the model is refit
    /// on every row for all the epochs and saved. The <c>final …</c> line holds the mean over the folds.
    /// </summary>
    public IReadOnlyDictionary<string, double> CrossValidate(TabularData all, CrossValidationFolds folds, TabularTask task, string modelDirectory)
    {
        Directory.CreateDirectory(modelDirectory);
        CheckSolver(task);
        var parts = Enumerable.Range(0, folds.Count)
            .Select(f => (Train: View(all.Take(folds.Training(f)), task), Validation: View(all.Take(folds.Validation[f]), task))).ToArray();
        IReadOnlyDictionary<string, double>[] perFold = [];
        for (int epoch = 1; epoch <= Rounds; epoch++)
        {
            perFold = parts.Select(p => (IReadOnlyDictionary<string, double>)Evaluate(Fit(p.Train, task, epoch).Transform(p.Validation), task)).ToArray();
            Write($"epoch={epoch} " + Line(CrossValidationFolds.Mean(perFold)));
        }
        for (int fold = 0; fold < folds.Count; fold++) Write($"fold={fold + 1} " + Line(perFold[fold]));
        var allView = View(all, task);
        MlNetModelFiles.Save(_ml, Fit(allView, task, Rounds), allView, Path.Combine(modelDirectory, "model.zip"));
        Write($"refit on all {all.Count} rows: {Rounds} epochs");
        var mean = CrossValidationFolds.Mean(perFold);
        Write("final " + Line(mean));
        return mean;
    }

    private int Rounds => settings.Solver == "sdca" ? settings.Epochs : 1;

    private void CheckSolver(TabularTask task)
    {
        if (settings.Solver == "lbfgs" && task == TabularTask.Regression)
            throw new Validation.CaviarValidationException("hyperParameters.solver", "lbfgs is for classification; use sdca for regression");
    }

    private IDataView View(TabularData data, TabularTask task) =>
        task == TabularTask.Binary ? MlDataViews.Binary(_ml, data, v => v == 1) : MlDataViews.Numeric(_ml, data);

    private ITransformer Fit(IDataView train, TabularTask task, int epochs)
    {
        float? l1 = settings.L1 > 0 ? (float)settings.L1 : null;
        float l2 = (float)settings.L2;
        var normalise = _ml.Transforms.NormalizeMeanVariance("Features", fixZero: false);
        if (task == TabularTask.Binary)
        {
            IEstimator<ITransformer> trainer = settings.Solver == "sdca"
                ? _ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                    { L1Regularization = l1, L2Regularization = l2, MaximumNumberOfIterations = epochs, NumberOfThreads = 1 })
                : _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                    { L1Regularization = (float)settings.L1, L2Regularization = l2 });
            return normalise.Append(trainer).Fit(train);
        }
        if (task == TabularTask.Multiclass)
        {
            var key = _ml.Transforms.Conversion.MapValueToKey("Label");
            IEstimator<ITransformer> trainer = settings.Solver == "sdca"
                ? _ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                    { L1Regularization = l1, L2Regularization = l2, MaximumNumberOfIterations = epochs, NumberOfThreads = 1 })
                : _ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
                    { L1Regularization = (float)settings.L1, L2Regularization = l2 });
            return key.Append(normalise).Append(trainer).Fit(train);
        }
        var regression = _ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            { L1Regularization = l1, L2Regularization = l2, MaximumNumberOfIterations = epochs, NumberOfThreads = 1 });
        return normalise.Append(regression).Fit(train);
    }

    private Dictionary<string, double> Evaluate(IDataView scored, TabularTask task) => task switch
    {
        TabularTask.Binary => _ml.BinaryClassification.Evaluate(scored) is var b
            ? new() { ["val_logloss"] = b.LogLoss, ["val_accuracy"] = b.Accuracy } : [],
        TabularTask.Multiclass => _ml.MulticlassClassification.Evaluate(scored) is var m
            ? new() { ["val_logloss"] = m.LogLoss, ["val_accuracy"] = m.MicroAccuracy } : [],
        _ => new() { ["val_rmse"] = _ml.Regression.Evaluate(scored).RootMeanSquaredError },
    };

    private void Write(string line)
    {
        log.WriteLine(line);
        log.Flush();
    }

    private static string Line(IReadOnlyDictionary<string, double> metrics) => string.Join(" ", metrics.Select(m => $"{m.Key}={F(m.Value)}"));

    private static string F(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
