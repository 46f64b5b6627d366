using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Neural;

/// <summary>
/// A checkpoint written after every epoch: config (the settings and the network's layers), weights, the best
/// weights so far, and the optimizer's state, all in a folder epoch-N that is renamed into place whole, then named
/// in the file "latest". A run killed at any moment resumes from a complete checkpoint.
/// </summary>
public sealed record NeuralCheckpoint(int Epoch, double BestValidationLoss, int EpochsWithoutImprovement,
    NeuralSettings Settings, string Architecture)
{
    private const string Latest = "latest";

    public static NeuralCheckpoint? TryLoad(string directory, nn.Module<Tensor, Tensor> network, OptimizerHelper optimizer)
    {
        string pointer = Path.Combine(directory, Latest);
        if (!File.Exists(pointer)) return null;
        string folder = Path.Combine(directory, File.ReadAllText(pointer).Trim());
        var checkpoint = JsonSerializer.Deserialize<NeuralCheckpoint>(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        network.load(Path.Combine(folder, "weights.bin"));
        optimizer.load_state_dict(Path.Combine(folder, "optimizer.bin"));
        return checkpoint;
    }

    public static string BestWeights(string directory) => Path.Combine(directory, "best-weights.bin");

    public void Save(string directory, nn.Module<Tensor, Tensor> network, OptimizerHelper optimizer)
    {
        string name = $"epoch-{Epoch}";
        string staging = Path.Combine(directory, name + ".partial");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        network.save(Path.Combine(staging, "weights.bin"));
        optimizer.save_state_dict(Path.Combine(staging, "optimizer.bin"));
        File.WriteAllText(Path.Combine(staging, "config.json"), JsonSerializer.Serialize(this));
        string final = Path.Combine(directory, name);
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(staging, final);
        File.WriteAllText(Path.Combine(directory, Latest + ".tmp"), name);
        File.Move(Path.Combine(directory, Latest + ".tmp"), Path.Combine(directory, Latest), overwrite: true);
        foreach (var old in Directory.GetDirectories(directory, "epoch-*").Where(d => Path.GetFileName(d) != name))
            Directory.Delete(old, recursive: true);
    }
}
