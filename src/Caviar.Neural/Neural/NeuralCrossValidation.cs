using System.Globalization;
using Caviar.Algorithms.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Neural;

/// <summary>
/// The mlp with <c>cross_validation_folds</c>: one network per fold (each from the same seeded initialisation, table
/// features standardised with its own training rows' statistics), trained in lock-step. After each epoch the mean over
/// the folds is printed as the usual line (<c>epoch=N train_loss=V val_loss=V val_accuracy=V lr=V</c>), so pruners see
/// one stream, and early stopping watches the mean validation loss. Then each fold's values at the best epoch (lowest
/// mean val_loss; <c>fold=K val_loss=V val_accuracy=V</c>); the model is refit on every training example for that many
/// epochs (standardised with all of them) and saved as <see cref="NeuralTrainer"/> saves it, and the test set, if any, is
/// scored with it. The last line, <c>final val_loss=V val_accuracy=V</c>, is the mean over the folds at the best epoch.
/// No checkpoints are written: a restarted cross-validation starts again from epoch 1.
/// </summary>
public sealed class NeuralCrossValidation(NeuralSettings settings, TextWriter log)
{
    private sealed record Fold(nn.Module<Tensor, Tensor> Network, OptimizerHelper Optimizer, BatchStream Train, BatchStream Validation) : IDisposable
    {
        public void Dispose()
        {
            Train.Dispose();
            Validation.Dispose();
            Optimizer.Dispose();
            Network.Dispose();
        }
    }

    public NeuralResult Train(LabeledExamples all, CrossValidationFolds folds, LabeledExamples? test, int classes, string modelDirectory,
        string? pretrainedModel = null)
    {
        Native.TorchSharpNative.EnsureLoadable();
        torch.set_num_threads(settings.Threads);
        var trainer = new NeuralTrainer(settings, log);
        int[]? shape = settings.Architecture == "cnn" ? all.ImageShape : null;
        var runs = new List<Fold>();
        var history = new List<(double Loss, double Accuracy)[]>();
        int bestEpoch = 0;
        try
        {
            for (int f = 0; f < folds.Count; f++)
            {
                var (train, validation) = (all.Take(folds.Training(f)), all.Take(folds.Validation[f]));
                if (FeatureStandardisation.ForTable(train) is { } standardisation)
                    (train, validation) = (standardisation.Apply(train), standardisation.Apply(validation));
                var network = NewNetwork(trainer, all, classes, pretrainedModel);
                runs.Add(new Fold(network, OptimizerFactory.Create(settings, NetworkFactory.Trainable(network)),
                    new BatchStream(train, settings.BatchSize, shape), new BatchStream(validation, 1024, shape)));
            }
            double bestLoss = double.PositiveInfinity;
            int sinceBest = 0;
            for (int epoch = 1; epoch <= settings.Epochs; epoch++)
            {
                double lr = settings.LearningRateAt(epoch);
                var trainLosses = new double[runs.Count];
                var results = new (double Loss, double Accuracy)[runs.Count];
                for (int f = 0; f < runs.Count; f++)
                {
                    OptimizerFactory.SetLearningRate(runs[f].Optimizer, lr);
                    torch.manual_seed(unchecked(settings.Seed * 7919 + epoch));
                    trainLosses[f] = trainer.TrainEpoch(runs[f].Network, runs[f].Optimizer, runs[f].Train, epoch);
                    results[f] = NeuralTrainer.Evaluate(runs[f].Network, runs[f].Validation);
                    if (!double.IsFinite(trainLosses[f]) || !double.IsFinite(results[f].Loss))
                        throw new InvalidOperationException($"loss diverged at epoch {epoch} in fold {f + 1} (learning_rate={settings.LearningRate})");
                }
                history.Add(results);
                double loss = results.Average(r => r.Loss);
                Write($"epoch={epoch} train_loss={F(trainLosses.Average())} val_loss={F(loss)} val_accuracy={F(results.Average(r => r.Accuracy))} lr={F(lr)}");
                if (loss < bestLoss - 1e-7) (bestLoss, bestEpoch, sinceBest) = (loss, epoch, 0);
                else sinceBest++;
                if (settings.EarlyStoppingPatience > 0 && sinceBest >= settings.EarlyStoppingPatience)
                {
                    Write($"early stopping: no better mean val_loss over the folds for {sinceBest} epochs");
                    break;
                }
            }
        }
        finally
        {
            foreach (var run in runs) run.Dispose();
        }

        var atBest = history[bestEpoch - 1];
        for (int f = 0; f < atBest.Length; f++) Write($"fold={f + 1} val_loss={F(atBest[f].Loss)} val_accuracy={F(atBest[f].Accuracy)}");
        double? testAccuracy = Refit(trainer, all, test, classes, bestEpoch, modelDirectory, pretrainedModel);
        double meanLoss = atBest.Average(r => r.Loss), meanAccuracy = atBest.Average(r => r.Accuracy);
        Write($"final val_loss={F(meanLoss)} val_accuracy={F(meanAccuracy)}");
        return new NeuralResult(history.Count, meanLoss, meanAccuracy, testAccuracy);
    }

    /// <summary>Trains on every example for <paramref name="epochs"/> epochs (the same schedule and seeds), saves the model, scores the test set.</summary>
    private double? Refit(NeuralTrainer trainer, LabeledExamples all, LabeledExamples? test, int classes, int epochs, string modelDirectory,
        string? pretrainedModel)
    {
        var standardisation = FeatureStandardisation.ForTable(all);
        if (standardisation is not null) (all, test) = (standardisation.Apply(all), test is null ? null : standardisation.Apply(test));
        int[]? shape = settings.Architecture == "cnn" ? all.ImageShape : null;
        using var network = NewNetwork(trainer, all, classes, pretrainedModel);
        using var optimizer = OptimizerFactory.Create(settings, NetworkFactory.Trainable(network));
        using var batches = new BatchStream(all, settings.BatchSize, shape);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            OptimizerFactory.SetLearningRate(optimizer, settings.LearningRateAt(epoch));
            torch.manual_seed(unchecked(settings.Seed * 7919 + epoch));
            trainer.TrainEpoch(network, optimizer, batches, epoch);
        }
        Write($"refit on all {all.Count} examples: {epochs} epochs");
        double? testAccuracy = null;
        if (test is not null)
        {
            using var testBatches = new BatchStream(test, 1024, shape);
            testAccuracy = NeuralTrainer.Evaluate(network, testBatches).Accuracy;
            Write($"test_accuracy={F(testAccuracy.Value)}");
        }
        NeuralModel.Save(modelDirectory, network, settings, all.Features, all.ImageShape, classes, standardisation);
        return testAccuracy;
    }

    private nn.Module<Tensor, Tensor> NewNetwork(NeuralTrainer trainer, LabeledExamples data, int classes, string? pretrainedModel)
    {
        torch.manual_seed(settings.Seed);
        var network = NetworkFactory.Build(settings, data.Features, data.ImageShape, classes);
        if (pretrainedModel is not null) trainer.LoadForTransfer(network, pretrainedModel);
        NetworkFactory.Freeze(network, settings.FreezeLayers);
        return network;
    }

    private void Write(string line)
    {
        log.WriteLine(line);
        log.Flush();
    }

    private static string F(double value) => value.ToString("G10", CultureInfo.InvariantCulture);
}
