using System.Diagnostics;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using TorchSharp;
using static TorchSharp.torch;

namespace Caviar.Bench.Training;

/// <summary>
/// Caviar's side of the MLP epoch time: the built-in mlp's network (784-256-128-10, ReLU, no batch norm or
/// dropout, as on the PyTorch side), Adam, batch 128, through Caviar's batch stream, on Fashion-MNIST's 60,000
/// training images. Only the training loop is timed.
/// </summary>
public static class MlpEpochBenchmark
{
    public static double[] EpochSeconds(int epochs, int threads)
    {
        Caviar.Algorithms.Native.TorchSharpNative.EnsureLoadable();
        torch.set_num_threads(threads);
        torch.manual_seed(0);
        var data = ImageDataSets.Load(ImageDataSets.FashionMnistDirectory, "train");
        var settings = new NeuralSettings { HiddenUnits = [256, 128], BatchNorm = false, Dropout = 0, Optimizer = "adam", LearningRate = 1e-3, BatchSize = 128 };
        using var network = NetworkFactory.Build(settings, data.Features, data.ImageShape, 10);
        using var optimizer = OptimizerFactory.Create(settings, network.parameters());
        using var batches = new BatchStream(data, settings.BatchSize, null);
        var seconds = new double[epochs];
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            network.train();
            var watch = Stopwatch.StartNew();
            foreach (var (inputs, labels) in batches.Epoch(0, epoch))
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(network.call(inputs), labels);
                loss.backward();
                optimizer.step();
                inputs.Dispose();
                labels.Dispose();
            }
            seconds[epoch - 1] = watch.Elapsed.TotalSeconds;
        }
        return seconds;
    }
}
