using System.Text.Json;
using Caviar.Algorithms.Data;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Neural;

/// <summary>
/// A trained network as a model directory: config.json (settings, input shape, classes, the standardisation of table
/// features) and weights.bin. Enough to rebuild the network, score it, fine-tune it (transfer learning) or optimise it.
/// </summary>
public sealed record NeuralModel(NeuralSettings Settings, int InputFeatures, int[]? ImageShape, int Classes)
{
    /// <summary>
    /// The standardisation the network was trained behind (table features; statistics of the training rows), which
    /// every prediction applies to raw features first; null for images and for models saved before it existed.
    /// </summary>
    public FeatureStandardisation? Standardisation { get; init; }

    public static void Save(string directory, nn.Module<Tensor, Tensor> network, NeuralSettings settings, int features,
        int[]? imageShape, int classes, FeatureStandardisation? standardisation = null)
    {
        Directory.CreateDirectory(directory);
        network.save(Path.Combine(directory, "weights.bin"));
        File.WriteAllText(Path.Combine(directory, "config.json"),
            JsonSerializer.Serialize(new NeuralModel(settings, features, imageShape, classes) { Standardisation = standardisation },
                new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// The network's outputs (logits, one row per example) for raw row-major features, standardised as in training:
    /// the in-process prediction the ONNX export must match.
    /// </summary>
    public float[] Predict(nn.Module<Tensor, Tensor> network, float[] rawFeatures)
    {
        float[] values = Standardisation?.Apply(rawFeatures) ?? rawFeatures;
        long rows = values.Length / InputFeatures;
        long[] shape = ImageShape is { } image && Settings.Architecture == "cnn" ? [rows, image[0], image[1], image[2]] : [rows, InputFeatures];
        network.eval();
        using var noGrad = TorchSharp.torch.no_grad();
        using var input = TorchSharp.torch.tensor(values).reshape(shape);
        using var output = network.call(input);
        return output.data<float>().ToArray();
    }

    public static (NeuralModel Config, nn.Module<Tensor, Tensor> Network) Load(string directory)
    {
        Native.TorchSharpNative.EnsureLoadable();
        var config = JsonSerializer.Deserialize<NeuralModel>(File.ReadAllText(Path.Combine(directory, "config.json")))
                     ?? throw new InvalidDataException($"{directory}/config.json is empty");
        var network = NetworkFactory.Build(config.Settings, config.InputFeatures, config.ImageShape, config.Classes);
        network.load(Path.Combine(directory, "weights.bin"));
        network.eval();
        return (config, network);
    }
}
