using System.Text.Json;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Neural;

/// <summary>
/// A trained network as a model directory: config.json (settings, input shape, classes) and weights.bin. Enough
/// to rebuild the network, score it, fine-tune it (transfer learning) or optimise it.
/// </summary>
public sealed record NeuralModel(NeuralSettings Settings, int InputFeatures, int[]? ImageShape, int Classes)
{
    public static void Save(string directory, nn.Module<Tensor, Tensor> network, NeuralSettings settings, int features,
        int[]? imageShape, int classes)
    {
        Directory.CreateDirectory(directory);
        network.save(Path.Combine(directory, "weights.bin"));
        File.WriteAllText(Path.Combine(directory, "config.json"),
            JsonSerializer.Serialize(new NeuralModel(settings, features, imageShape, classes), new JsonSerializerOptions { WriteIndented = true }));
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
