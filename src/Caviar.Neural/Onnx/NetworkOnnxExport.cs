using Caviar.Algorithms.Neural;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Onnx;

/// <summary>
/// Writes a built-in mlp or cnn as an ONNX model, layer by layer from the same plan the network was built from.
/// Batch norms are folded into the preceding layer and dropout is left out (inference only); see
/// <see cref="FoldedNetwork"/>. Static int8 quantization is <see cref="StaticQuantization"/>. A model trained on
/// standardised table features begins with that standardisation (Sub, Div), so it takes raw features.
/// </summary>
public static class NetworkOnnxExport
{
    public static byte[] Export(NeuralModel config, nn.Module<Tensor, Tensor> network, OnnxVariant variant)
    {
        var graph = Build(config, FoldedNetwork.Layers(config, network), variant, out string output, out _);
        graph.Output(output, OnnxType.Float, "batch", (long)config.Classes);
        return graph.ToModel();
    }

    /// <summary>The graph without its output declared; <paramref name="affineOutputs"/> names each convolution's and
    /// dense layer's output (after its Relu), in order: calibration reads them.</summary>
    internal static OnnxGraph Build(NeuralModel config, IReadOnlyList<FoldedLayer> layers, OnnxVariant variant, out string output,
        out List<string> affineOutputs)
    {
        var graph = new OnnxGraph();
        graph.Input("input", OnnxType.Float, InputShape(config));
        string x = "input";
        x = Standardised(graph, x, config);
        affineOutputs = [];
        foreach (var layer in layers)
        {
            switch (layer.Kind)
            {
                case LayerKind.Conv3x3:
                case LayerKind.Linear:
                    x = Affine(graph, x, layer, variant);
                    affineOutputs.Add(x);
                    break;
                case LayerKind.Flatten when config.Settings.Architecture != "cnn": break;   // table features are already rows
                default: x = Shaping(graph, x, layer.Kind); break;
            }
        }
        output = x;
        return graph;
    }

    /// <summary>A convolution or dense layer, and its Relu if it has one.</summary>
    internal static string Affine(OnnxGraph graph, string x, FoldedLayer layer, OnnxVariant variant)
    {
        x = layer.Kind == LayerKind.Conv3x3
            ? Conv(graph, x, layer.Weight, layer.Bias, layer.Shape, variant)
            : Dense(graph, x, layer.Weight, layer.Bias, layer.Shape, variant);
        return layer.Relu ? graph.Node("Relu", [x])[0] : x;
    }

    /// <summary>The model takes raw features: a model trained on standardised table features applies the same
    /// (x − mean) / scale as training first, in single precision; other models take <paramref name="input"/> as it is.</summary>
    internal static string Standardised(OnnxGraph graph, string input, NeuralModel config)
    {
        if (config.Standardisation is not { } standardisation) return input;
        long[] width = [standardisation.Means.Length];
        string centred = graph.Node("Sub", [input, graph.Floats(graph.Unique("feature_mean"), width, standardisation.Means)])[0];
        return graph.Node("Div", [centred, graph.Floats(graph.Unique("feature_scale"), width, standardisation.Scales)])[0];
    }

    internal static object[] InputShape(NeuralModel config) =>
        config.Settings.Architecture == "cnn" && config.ImageShape is { } image
            ? ["batch", (long)image[0], (long)image[1], (long)image[2]] : ["batch", (long)config.InputFeatures];

    /// <summary>The layers without weights (the same on float and on quantized tensors): pooling, flatten, a lone Relu.</summary>
    internal static string Shaping(OnnxGraph graph, string x, LayerKind kind) => kind switch
    {
        LayerKind.MaxPool2 => graph.Node("MaxPool", [x], 1, ("kernel_shape", (object)new long[] { 2, 2 }), ("strides", (object)new long[] { 2, 2 }))[0],
        LayerKind.Flatten => graph.Node("Flatten", [x], 1, ("axis", 1L))[0],
        LayerKind.Relu => graph.Node("Relu", [x])[0],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a layer without weights"),
    };

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
        if (variant != OnnxVariant.Int8Dynamic)
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
