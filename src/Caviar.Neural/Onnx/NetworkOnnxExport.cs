using Caviar.Algorithms.Neural;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Onnx;

/// <summary>
/// Writes a built-in mlp or cnn as an ONNX model, layer by layer from the same plan the network was built from.
/// Batch norms are folded into the preceding layer and dropout is left out (inference only). A model trained on
/// standardised table features begins with that standardisation (Sub, Div), so it takes raw features.
/// </summary>
public static class NetworkOnnxExport
{
    private const float BatchNormEpsilon = 1e-5f;

    public static byte[] Export(NeuralModel config, nn.Module<Tensor, Tensor> network, OnnxVariant variant)
    {
        var plan = NetworkFactory.Plan(config.Settings, config.InputFeatures, config.ImageShape, config.Classes);
        var state = network.state_dict();
        float[] Weights(int layer, string name) => state[$"{layer}.{name}"].cpu().data<float>().ToArray();
        long[] Shape(int layer, string name) => state[$"{layer}.{name}"].shape;

        var graph = new OnnxGraph();
        object[] inputShape = config.Settings.Architecture == "cnn" && config.ImageShape is { } image
            ? ["batch", (long)image[0], (long)image[1], (long)image[2]] : ["batch", (long)config.InputFeatures];
        graph.Input("input", OnnxType.Float, inputShape);
        string x = "input";
        if (config.Standardisation is { } standardisation)
        {
            // The model takes raw features: the same (x − mean) / scale as training, in single precision.
            long[] width = [standardisation.Means.Length];
            x = graph.Node("Sub", [x, graph.Floats(graph.Unique("feature_mean"), width, standardisation.Means)])[0];
            x = graph.Node("Div", [x, graph.Floats(graph.Unique("feature_scale"), width, standardisation.Scales)])[0];
        }
        for (int i = 0; i < plan.Count; i++)
        {
            var layer = plan[i];
            switch (layer.Kind)
            {
                case LayerKind.Conv3x3:
                case LayerKind.Linear:
                {
                    var weight = Weights(i, "weight");
                    var bias = Weights(i, "bias");
                    var shape = Shape(i, "weight");
                    if (i + 1 < plan.Count && plan[i + 1].Kind is LayerKind.BatchNorm1d or LayerKind.BatchNorm2d)
                        Fold(weight, bias, Weights(i + 1, "weight"), Weights(i + 1, "bias"), Weights(i + 1, "running_mean"),
                            Weights(i + 1, "running_var"));
                    x = layer.Kind == LayerKind.Conv3x3
                        ? Conv(graph, x, weight, bias, shape, variant)
                        : Dense(graph, x, weight, bias, shape, variant);
                    break;
                }
                case LayerKind.Relu: x = graph.Node("Relu", [x])[0]; break;
                case LayerKind.MaxPool2:
                    x = graph.Node("MaxPool", [x], 1, ("kernel_shape", (object)new long[] { 2, 2 }), ("strides", (object)new long[] { 2, 2 }))[0];
                    break;
                case LayerKind.Flatten: x = graph.Node("Flatten", [x], 1, ("axis", 1L))[0]; break;
                case LayerKind.BatchNorm1d or LayerKind.BatchNorm2d or LayerKind.Dropout: break;   // folded, or training only
            }
        }
        graph.Output(x, OnnxType.Float, "batch", (long)config.Classes);
        return graph.ToModel();
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

    private static string Conv(OnnxGraph graph, string x, float[] weight, float[] bias, long[] shape, OnnxVariant variant)
    {
        string w = WeightInitializer(graph, weight, shape, variant == OnnxVariant.Fp16);
        string b = graph.Floats(graph.Unique("bias"), [bias.Length], bias);
        return graph.Node("Conv", [x, w, b], 1,
            ("kernel_shape", (object)new long[] { 3, 3 }), ("pads", (object)new long[] { 1, 1, 1, 1 }))[0];
    }

    private static string Dense(OnnxGraph graph, string x, float[] weight, float[] bias, long[] shape, OnnxVariant variant)
    {
        string b = graph.Floats(graph.Unique("bias"), [bias.Length], bias);
        if (variant != OnnxVariant.Int8)
        {
            string w = WeightInitializer(graph, weight, shape, variant == OnnxVariant.Fp16);
            return graph.Node("Gemm", [x, w, b], 1, ("transB", 1L))[0];
        }
        // Dynamic quantization: int8 weights (symmetric, per tensor), activations quantized to uint8 at run time.
        long outputs = shape[0], inputs = shape[1];
        float weightScale = Math.Max(weight.Max(v => MathF.Abs(v)), 1e-12f) / 127f;
        var transposed = new byte[inputs * outputs];
        for (long o = 0; o < outputs; o++)
            for (long k = 0; k < inputs; k++)
                transposed[k * outputs + o] = unchecked((byte)(sbyte)Math.Clamp(MathF.Round(weight[o * inputs + k] / weightScale), -127, 127));
        string wq = graph.Initializer(graph.Unique("weight_int8"), OnnxType.Int8, [inputs, outputs], transposed);
        string wzp = graph.Initializer(graph.Unique("weight_zero"), OnnxType.Int8, [], [0]);
        var quantized = graph.Node("DynamicQuantizeLinear", [x], 3);
        string product = graph.Node("MatMulInteger", [quantized[0], wq, quantized[2], wzp])[0];
        string asFloat = graph.Node("Cast", [product], 1, ("to", (long)OnnxType.Float))[0];
        string scale = graph.Node("Mul", [quantized[1], graph.Floats(graph.Unique("weight_scale"), [], [weightScale])])[0];
        return graph.Node("Add", [graph.Node("Mul", [asFloat, scale])[0], b])[0];
    }

    private static string WeightInitializer(OnnxGraph graph, float[] weight, long[] shape, bool half)
    {
        if (!half) return graph.Floats(graph.Unique("weight"), shape, weight);
        string stored = graph.Initializer(graph.Unique("weight_fp16"), OnnxType.Float16, shape,
            weight.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray());
        return graph.Node("Cast", [stored], 1, ("to", (long)OnnxType.Float))[0];
    }
}
