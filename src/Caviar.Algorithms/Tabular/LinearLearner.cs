using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// The built-in linear algorithm (ML.NET): SDCA (logistic regression, maximum entropy, least squares) or L-BFGS
/// (logistic regression, maximum entropy), with L1 and L2 and features standardised on the training split.
/// SDCA reports the validation metric after each epoch by training 1, 2, … epochs in turn, so the stream is real
/// (its cost grows with the square of the epochs). <c>epoch=N val_logloss=V val_accuracy=V</c> or <c>val_rmse</c>.
/// </summary>
public sealed class LinearLearner(TabularSettings settings, TextWriter log)
{
    private readonly MLContext _ml = new(settings.Seed);

    public IReadOnlyDictionary<string, double> Train(TabularData train, TabularData validation, TabularTask task, string modelDirectory)
    {
        Directory.CreateDirectory(modelDirectory);
        if (settings.Solver == "lbfgs" && task == TabularTask.Regression)
            throw new Validation.CaviarValidationException("hyperParameters.solver", "lbfgs is for classification; use sdca for regression");
        var metrics = new Dictionary<string, double>();
        int rounds = settings.Solver == "sdca" ? settings.Epochs : 1;
        for (int epoch = 1; epoch <= rounds; epoch++)
        {
            var (model, trainView, validationView) = Fit(train, validation, task, epoch);
            metrics = Evaluate(model.Transform(validationView), task);
            Write($"epoch={epoch} " + string.Join(" ", metrics.Select(m => $"{m.Key}={F(m.Value)}")));
            if (epoch == rounds) MlNetModelFiles.Save(_ml, model, trainView, Path.Combine(modelDirectory, "model.zip"));
        }
        Write("final " + string.Join(" ", metrics.Select(m => $"{m.Key}={F(m.Value)}")));
        return metrics;
    }

    private (ITransformer Model, IDataView Train, IDataView Validation) Fit(TabularData train, TabularData validation, TabularTask task, int epochs)
    {
        float? l1 = settings.L1 > 0 ? (float)settings.L1 : null;
        float l2 = (float)settings.L2;
        var normalise = _ml.Transforms.NormalizeMeanVariance("Features");
        if (task == TabularTask.Binary)
        {
            var (trainView, validationView) = (MlDataViews.Binary(_ml, train, v => v == 1), MlDataViews.Binary(_ml, validation, v => v == 1));
            IEstimator<ITransformer> trainer = settings.Solver == "sdca"
                ? _ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                    { L1Regularization = l1, L2Regularization = l2, MaximumNumberOfIterations = epochs, NumberOfThreads = 1 })
                : _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                    { L1Regularization = (float)settings.L1, L2Regularization = l2 });
            return (normalise.Append(trainer).Fit(trainView), trainView, validationView);
        }
        var (numericTrain, numericValidation) = (MlDataViews.Numeric(_ml, train), MlDataViews.Numeric(_ml, validation));
        if (task == TabularTask.Multiclass)
        {
            var key = _ml.Transforms.Conversion.MapValueToKey("Label");
            IEstimator<ITransformer> trainer = settings.Solver == "sdca"
                ? _ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                    { L1Regularization = l1, L2Regularization = l2, MaximumNumberOfIterations = epochs, NumberOfThreads = 1 })
                : _ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
                    { L1Regularization = (float)settings.L1, L2Regularization = l2 });
            return (key.Append(normalise).Append(trainer).Fit(numericTrain), numericTrain, numericValidation);
        }
        var regression = _ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            { L1Regularization = l1, L2Regularization = l2, MaximumNumberOfIterations = epochs, NumberOfThreads = 1 });
        return (normalise.Append(regression).Fit(numericTrain), numericTrain, numericValidation);
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

    private static string F(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
