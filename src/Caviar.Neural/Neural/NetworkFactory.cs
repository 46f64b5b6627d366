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
    public static Module<Tensor, Tensor> Build(NeuralSettings settings, int inputFeatures, int[]? imageShape, int classes) =>
        Sequential(Plan(settings, inputFeatures, imageShape, classes).Select((layer, i) => ($"{i}", Module(layer))).ToList());

    /// <summary>The layers, in order; layer i of the network is module "i".</summary>
    public static IReadOnlyList<LayerPlan> Plan(NeuralSettings settings, int inputFeatures, int[]? imageShape, int classes)
    {
        var layers = new List<LayerPlan>();
        long width;
        if (settings.Architecture == "cnn")
        {
            if (imageShape is null) throw new Validation.CaviarValidationException("algorithm", "cnn needs image data (IDX)");
            long channels = imageShape[0], rows = imageShape[1], columns = imageShape[2];
            foreach (int outChannels in settings.ConvChannels)
            {
                layers.Add(new LayerPlan(LayerKind.Conv3x3, channels, outChannels));
                if (settings.BatchNorm) layers.Add(new LayerPlan(LayerKind.BatchNorm2d, outChannels, outChannels));
                layers.Add(new LayerPlan(LayerKind.Relu, outChannels, outChannels));
                layers.Add(new LayerPlan(LayerKind.MaxPool2, outChannels, outChannels));
                (channels, rows, columns) = (outChannels, rows / 2, columns / 2);
            }
            width = channels * rows * columns;
        }
        else
        {
            width = inputFeatures;
        }
        layers.Add(new LayerPlan(LayerKind.Flatten, width, width));
        foreach (int units in settings.HiddenUnits)
        {
            layers.Add(new LayerPlan(LayerKind.Linear, width, units));
            if (settings.BatchNorm) layers.Add(new LayerPlan(LayerKind.BatchNorm1d, units, units));
            layers.Add(new LayerPlan(LayerKind.Relu, units, units));
            if (settings.Dropout > 0) layers.Add(new LayerPlan(LayerKind.Dropout, units, units, settings.Dropout));
            width = units;
        }
        layers.Add(new LayerPlan(LayerKind.Linear, width, classes));
        return layers;
    }

    private static Module<Tensor, Tensor> Module(LayerPlan layer) => layer.Kind switch
    {
        LayerKind.Conv3x3 => Conv2d(layer.In, layer.Out, 3, padding: 1),
        LayerKind.BatchNorm2d => BatchNorm2d(layer.Out),
        LayerKind.Relu => ReLU(),
        LayerKind.MaxPool2 => MaxPool2d(2),
        LayerKind.Flatten => Flatten(),
        LayerKind.Linear => Linear(layer.In, layer.Out),
        LayerKind.BatchNorm1d => BatchNorm1d(layer.Out),
        LayerKind.Dropout => Dropout(layer.DropoutRate),
        _ => throw new ArgumentOutOfRangeException(nameof(layer)),
    };

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
