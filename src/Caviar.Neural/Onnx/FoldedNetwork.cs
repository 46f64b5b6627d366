using Caviar.Algorithms.Neural;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Onnx;

/// <summary>
/// One layer of a network as it is exported for inference. Convolutions and dense layers carry their weights with the
/// batch norm that follows them folded in, and <see cref="Relu"/> set when a Relu follows (after that batch norm);
/// dropout and the folded batch norms are gone. Other layers (pooling, flatten) carry no weights.
/// </summary>
public sealed record FoldedLayer(LayerKind Kind, float[] Weight, float[] Bias, long[] Shape, bool Relu)
{
    public bool IsAffine => Kind is LayerKind.Conv3x3 or LayerKind.Linear;
}

/// <summary>The layers of a built-in mlp or cnn ready for export: batch norms folded, Relus attached, dropout left out.</summary>
public static class FoldedNetwork
{
    private const float BatchNormEpsilon = 1e-5f;

    public static IReadOnlyList<FoldedLayer> Layers(NeuralModel config, nn.Module<Tensor, Tensor> network)
    {
        var plan = NetworkFactory.Plan(config.Settings, config.InputFeatures, config.ImageShape, config.Classes);
        var state = network.state_dict();
        float[] Weights(int layer, string name) => state[$"{layer}.{name}"].cpu().data<float>().ToArray();

        var layers = new List<FoldedLayer>();
        for (int i = 0; i < plan.Count; i++)
        {
            var kind = plan[i].Kind;
            switch (kind)
            {
                case LayerKind.Conv3x3 or LayerKind.Linear:
                {
                    var weight = Weights(i, "weight");
                    var bias = Weights(i, "bias");
                    int next = i + 1;
                    if (next < plan.Count && plan[next].Kind is LayerKind.BatchNorm1d or LayerKind.BatchNorm2d)
                    {
                        Fold(weight, bias, Weights(next, "weight"), Weights(next, "bias"), Weights(next, "running_mean"),
                            Weights(next, "running_var"));
                        next++;
                    }
                    bool relu = next < plan.Count && plan[next].Kind == LayerKind.Relu;
                    layers.Add(new FoldedLayer(kind, weight, bias, state[$"{i}.weight"].shape, relu));
                    i = relu ? next : next - 1;
                    break;
                }
                case LayerKind.BatchNorm1d or LayerKind.BatchNorm2d or LayerKind.Dropout: break;   // folded, or training only
                default: layers.Add(new FoldedLayer(kind, [], [], [], false)); break;
            }
        }
        return layers;
    }

    /// <summary>Scales a layer's weights and bias by the batch norm that follows it (per output channel).</summary>
    private static void Fold(float[] weight, float[] bias, float[] gamma, float[] beta, float[] mean, float[] variance)
    {
        int outputs = bias.Length, perOutput = weight.Length / outputs;
        for (int o = 0; o < outputs; o++)
        {
            float scale = gamma[o] / MathF.Sqrt(variance[o] + BatchNormEpsilon);
            for (int k = 0; k < perOutput; k++) weight[o * perOutput + k] *= scale;
            bias[o] = (bias[o] - mean[o]) * scale + beta[o];
        }
    }
}
