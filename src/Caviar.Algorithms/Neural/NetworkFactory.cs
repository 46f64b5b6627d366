using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Caviar.Algorithms.Neural;

/// <summary>
/// Builds the network of the mlp and cnn algorithms. Layers are numbered modules of one Sequential, so
/// freeze_layers and saved weights refer to the same names whichever process builds them.
/// </summary>
public static class NetworkFactory
{
    public static Module<Tensor, Tensor> Build(NeuralSettings settings, int inputFeatures, int[]? imageShape, int classes)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        void Add(Module<Tensor, Tensor> module) => layers.Add(($"{layers.Count}", module));
        long width;
        if (settings.Architecture == "cnn")
        {
            if (imageShape is null) throw new Validation.CaviarValidationException("algorithm", "cnn needs image data (IDX)");
            long channels = imageShape[0], rows = imageShape[1], columns = imageShape[2];
            foreach (int outChannels in settings.ConvChannels)
            {
                Add(Conv2d(channels, outChannels, 3, padding: 1));
                if (settings.BatchNorm) Add(BatchNorm2d(outChannels));
                Add(ReLU());
                Add(MaxPool2d(2));
                (channels, rows, columns) = (outChannels, rows / 2, columns / 2);
            }
            Add(Flatten());
            width = channels * rows * columns;
        }
        else
        {
            Add(Flatten());
            width = inputFeatures;
        }
        foreach (int units in settings.HiddenUnits)
        {
            Add(Linear(width, units));
            if (settings.BatchNorm) Add(BatchNorm1d(units));
            Add(ReLU());
            if (settings.Dropout > 0) Add(Dropout(settings.Dropout));
            width = units;
        }
        Add(Linear(width, classes));
        return Sequential(layers);
    }

    /// <summary>Stops training the first <paramref name="count"/> layers (transfer learning).</summary>
    public static void Freeze(Module<Tensor, Tensor> network, int count)
    {
        foreach (var (name, parameter) in network.named_parameters())
            if (int.TryParse(name.Split('.')[0], out int layer) && layer < count)
                parameter.requires_grad = false;
    }

    public static IEnumerable<TorchSharp.Modules.Parameter> Trainable(Module<Tensor, Tensor> network) =>
        network.parameters().Where(p => p.requires_grad);
}
