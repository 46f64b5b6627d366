using System.Globalization;
using Caviar.Algorithms.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Neural;

/// <summary>What a training run ended with.</summary>
public sealed record NeuralResult(int Epochs, double BestValidationLoss, double ValidationAccuracy, double? TestAccuracy);

/// <summary>
/// Trains the mlp or cnn network: mini-batches, the learning-rate schedule, L1/L2 penalties, early stopping on the
/// validation loss, a checkpoint after every epoch (resumed from when present), and at the end the best weights
/// scored once on the test set. Table features (CSV/Parquet) are standardised with the training examples' statistics
/// (<see cref="FeatureStandardisation"/>), which the saved model records. Each epoch prints
/// <c>epoch=N train_loss=V val_loss=V val_accuracy=V lr=V</c>. Randomness comes from the seed and the epoch only,
/// so a resumed run repeats what the uninterrupted one would have done.
/// </summary>
public sealed class NeuralTrainer(NeuralSettings settings, TextWriter log)
{
    public NeuralResult Train(LabeledExamples train, LabeledExamples validation, LabeledExamples? test, int classes,
        string checkpointDirectory, string modelDirectory, string? pretrainedModel = null)
    {
        Native.TorchSharpNative.EnsureLoadable();
        torch.set_num_threads(settings.Threads);
        var standardisation = FeatureStandardisation.ForTable(train);
        if (standardisation is not null)
        {
            (train, validation, test) = (standardisation.Apply(train), standardisation.Apply(validation), test is null ? null : standardisation.Apply(test));
            Write($"features standardised with the mean and standard deviation of the {train.Count} training examples");
        }
        torch.manual_seed(settings.Seed);
        using var network = NetworkFactory.Build(settings, train.Features, train.ImageShape, classes);
        if (pretrainedModel is not null) LoadForTransfer(network, pretrainedModel);
        NetworkFactory.Freeze(network, settings.FreezeLayers);
        using var optimizer = OptimizerFactory.Create(settings, NetworkFactory.Trainable(network));
        Directory.CreateDirectory(checkpointDirectory);

        var state = NeuralCheckpoint.TryLoad(checkpointDirectory, network, optimizer)
                    ?? new NeuralCheckpoint(0, double.PositiveInfinity, 0, settings, network.ToString() ?? "");
        if (state.Epoch > 0) Write($"resumed from epoch {state.Epoch}");
        int[]? shape = settings.Architecture == "cnn" ? train.ImageShape : null;
        using var trainBatches = new BatchStream(train, settings.BatchSize, shape);
        using var validationBatches = new BatchStream(validation, 1024, shape);

        double accuracy = double.NaN;
        for (int epoch = state.Epoch + 1; epoch <= settings.Epochs; epoch++)
        {
            if (settings.EarlyStoppingPatience > 0 && state.EpochsWithoutImprovement >= settings.EarlyStoppingPatience) break;
            double lr = settings.LearningRateAt(epoch);
            OptimizerFactory.SetLearningRate(optimizer, lr);
            torch.manual_seed(unchecked(settings.Seed * 7919 + epoch));
            double trainLoss = TrainEpoch(network, optimizer, trainBatches, epoch);
            (double validationLoss, accuracy) = Evaluate(network, validationBatches);
            if (!double.IsFinite(trainLoss) || !double.IsFinite(validationLoss))
                throw new InvalidOperationException($"loss diverged at epoch {epoch} (learning_rate={settings.LearningRate})");

            bool improved = validationLoss < state.BestValidationLoss - 1e-7;
            if (improved) network.save(NeuralCheckpoint.BestWeights(checkpointDirectory));
            state = state with
            {
                Epoch = epoch,
                BestValidationLoss = improved ? validationLoss : state.BestValidationLoss,
                EpochsWithoutImprovement = improved ? 0 : state.EpochsWithoutImprovement + 1,
            };
            Write($"epoch={epoch} train_loss={F(trainLoss)} val_loss={F(validationLoss)} val_accuracy={F(accuracy)} lr={F(lr)}");
            state.Save(checkpointDirectory, network, optimizer);
            if (settings.EarlyStoppingPatience > 0 && state.EpochsWithoutImprovement >= settings.EarlyStoppingPatience)
                Write($"early stopping: no better val_loss for {state.EpochsWithoutImprovement} epochs");
        }

        network.load(NeuralCheckpoint.BestWeights(checkpointDirectory));
        (double bestLoss, double bestAccuracy) = Evaluate(network, validationBatches);
        double? testAccuracy = null;
        if (test is not null)
        {
            using var testBatches = new BatchStream(test, 1024, shape);
            testAccuracy = Evaluate(network, testBatches).Accuracy;
            Write($"test_accuracy={F(testAccuracy.Value)}");
        }
        NeuralModel.Save(modelDirectory, network, settings, train.Features, train.ImageShape, classes, standardisation);
        Write($"final val_loss={F(bestLoss)} val_accuracy={F(bestAccuracy)}");
        return new NeuralResult(state.Epoch, bestLoss, bestAccuracy, testAccuracy);
    }

    internal double TrainEpoch(nn.Module<Tensor, Tensor> network, TorchSharp.Modules.OptimizerHelper optimizer, BatchStream batches, int epoch)
    {
        network.train();
        double total = 0;
        foreach (var (inputs, labels) in batches.Epoch(settings.Seed, epoch))
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(network.call(inputs), labels);
            total += loss.item<float>() * labels.shape[0];
            if (settings.L1 > 0)
                loss = loss + settings.L1 * network.parameters().Where(p => p.dim() > 1 && p.requires_grad)
                    .Select(p => p.abs().sum()).Aggregate((a, b) => a + b);
            loss.backward();
            optimizer.step();
            inputs.Dispose();
            labels.Dispose();
        }
        return total / batches.Count;
    }

    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> network, BatchStream batches)
    {
        network.eval();
        using var noGrad = torch.no_grad();
        double loss = 0, correct = 0;
        foreach (var (inputs, labels) in batches.Epoch(0, 0, shuffle: false))
        {
            using var scope = torch.NewDisposeScope();
            var output = network.call(inputs);
            loss += nn.functional.cross_entropy(output, labels).item<float>() * labels.shape[0];
            correct += output.argmax(1).eq(labels).sum().item<long>();
            inputs.Dispose();
            labels.Dispose();
        }
        return (loss / batches.Count, correct / batches.Count);
    }

    /// <summary>
    /// Transfer learning: copies every parameter and buffer of a saved model whose name and shape match; layers
    /// that differ (a new output layer for other classes) keep their fresh weights.
    /// </summary>
    internal void LoadForTransfer(nn.Module<Tensor, Tensor> network, string modelDirectory)
    {
        var (_, loadedNetwork) = NeuralModel.Load(modelDirectory);
        using var source = loadedNetwork;
        var available = source.state_dict();
        int copied = 0;
        using (torch.no_grad())
            foreach (var (name, target) in network.state_dict())
                if (available.TryGetValue(name, out var weights) && weights.shape.SequenceEqual(target.shape))
                {
                    target.copy_(weights);
                    copied++;
                }
        Write($"transfer learning: {copied} tensors loaded from {modelDirectory}");
    }

    private void Write(string line)
    {
        log.WriteLine(line);
        log.Flush();
    }

    private static string F(double value) => value.ToString("G10", CultureInfo.InvariantCulture);
}
