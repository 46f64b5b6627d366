using Caviar.Algorithms.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Neural;

/// <summary>
/// Magnitude pruning: the weights of convolutions and fully connected layers with the smallest absolute values are
/// set to zero until <c>sparsity</c> of them are — across all those layers together (global) or in each layer
/// (per layer). Optional fine-tuning trains on with the zeros held in place.
/// </summary>
public static class MagnitudePruning
{
    public static Dictionary<string, Tensor> Prune(nn.Module<Tensor, Tensor> network, double sparsity, bool global)
    {
        if (sparsity is < 0 or >= 1) throw new Validation.CaviarValidationException("--sparsity", "must be in [0, 1)");
        var weights = network.named_parameters().Where(p => p.name.EndsWith(".weight") && p.parameter.dim() > 1).ToList();
        var masks = new Dictionary<string, Tensor>();
        using var noGrad = torch.no_grad();
        double globalThreshold = global ? Threshold(weights.Select(w => w.parameter.abs().flatten()).ToArray(), sparsity) : 0;
        foreach (var (name, weight) in weights)
        {
            double threshold = global ? globalThreshold : Threshold([weight.abs().flatten()], sparsity);
            var mask = weight.abs().gt(threshold).to_type(ScalarType.Float32);
            weight.mul_(mask);
            masks[name] = mask;
        }
        return masks;
    }

    /// <summary>Trains the pruned network a few more epochs; after every step the pruned weights are zeroed again.</summary>
    public static void FineTune(nn.Module<Tensor, Tensor> network, Dictionary<string, Tensor> masks, LabeledExamples train,
        NeuralSettings settings, int epochs, TextWriter log)
    {
        if (epochs <= 0) return;
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var optimizer = optim.Adam(network.parameters(), settings.LearningRate / 10);
        using var batches = new BatchStream(train, settings.BatchSize, settings.Architecture == "cnn" ? train.ImageShape : null);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            network.train();
            double total = 0;
            foreach (var (inputs, labels) in batches.Epoch(settings.Seed, 1000 + epoch))
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(network.call(inputs), labels);
                total += loss.item<float>() * labels.shape[0];
                loss.backward();
                optimizer.step();
                using (torch.no_grad())
                    foreach (var (name, mask) in masks) parameters[name].mul_(mask);
                inputs.Dispose();
                labels.Dispose();
            }
            log.WriteLine($"fine-tune epoch={epoch} train_loss={total / batches.Count:G6}");
        }
        network.eval();
    }

    /// <summary>The fraction of pruned (zero) weights among the prunable ones.</summary>
    public static double Sparsity(nn.Module<Tensor, Tensor> network)
    {
        var weights = network.named_parameters().Where(p => p.name.EndsWith(".weight") && p.parameter.dim() > 1).Select(p => p.parameter).ToList();
        double zeros = weights.Sum(w => w.eq(0).sum().item<long>()), all = weights.Sum(w => w.numel());
        return zeros / all;
    }

    private static double Threshold(Tensor[] magnitudes, double sparsity)
    {
        using var all = torch.cat(magnitudes);
        long k = (long)Math.Floor(sparsity * all.numel());
        if (k == 0) return -1;
        var (values, indices) = all.kthvalue(k, 0, false);
        using (values) using (indices) return values.item<float>();
    }
}
