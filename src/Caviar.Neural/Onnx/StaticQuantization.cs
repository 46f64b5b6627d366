using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Onnx;

/// <summary>
/// Static int8 quantization of a built-in mlp or cnn, as ONNX Runtime's <c>quantize_static</c> does it: batch norms
/// are folded into the layer before them first; activations are uint8, asymmetric, per tensor, with ranges calibrated
/// by min/max on examples (<see cref="ActivationCalibration"/>); weights are int8, symmetric (zero point 0), with one
/// scale per output channel for convolutions and one per matrix for dense layers (<see cref="QuantizedWeights"/>);
/// biases are int32 with scale input scale × weight scale.
/// A Relu after a convolution or dense layer is fused: that layer's output is quantized with the Relu's range, whose
/// zero point is 0, so quantizing clamps what the Relu would. Pooling and flatten run on the uint8 tensors. The last
/// dense layer's output (the logits) is float. A convolution with a shallow input (fewer than
/// <see cref="MinimumConvolutionDepth"/> values per output, e.g. the first one on one-channel images) stays fp32; its
/// pooling runs in fp32 too, before the tensor is quantized (<see cref="PooledBeforeQuantizing"/>), and its output is
/// not quantized at all when the next such layer is fp32 as well (a quantize–dequantize pair would only add error).
/// </summary>
public static class StaticQuantization
{
    /// <summary>Input channels × kernel size below which a convolution stays fp32: measured on ONNX Runtime 1.31 (1
    /// thread, AVX-512 VNNI), the Fashion-MNIST cnn's first convolution (1 channel, 3×3: depth 9) took 4× longer as
    /// QLinearConv than as fp32 Conv, since the integer kernels pad and pack so shallow a product for little work,
    /// while its second (32 channels: depth 288) ran 3× faster in int8.</summary>
    public const int MinimumConvolutionDepth = 64;

    public static byte[] Export(NeuralModel config, nn.Module<Tensor, Tensor> network, LabeledExamples calibration,
        QuantizationFormat format = QuantizationFormat.Qdq)
    {
        var layers = FoldedNetwork.Layers(config, network);
        var ranges = ActivationCalibration.Ranges(config, layers, calibration);
        var graph = new OnnxGraph();
        graph.Input("input", OnnxType.Float, NetworkOnnxExport.InputShape(config));
        var x = new Activation(NetworkOnnxExport.Standardised(graph, "input", config), null);
        bool rows = config.Settings.Architecture != "cnn";
        ActivationRange floatRange = ranges[0];
        int affine = 0, affineCount = layers.Count(l => l.IsAffine);
        for (int index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            if (layer.Kind == LayerKind.Flatten && rows) continue;   // table features are already rows
            if (!layer.IsAffine)
            {
                if (layer.Kind == LayerKind.Relu && x.Quantized is not null) x = Dequantized(graph, x);   // a lone Relu: in float
                if (layer.Kind == LayerKind.Relu) floatRange = floatRange with { Min = 0 };   // pooling keeps the range
                x = x with
                {
                    Name = layer.Kind == LayerKind.MaxPool2 && x.Quantized is not null ? NhwcMaxPool(graph, x.Name)
                        : NetworkOnnxExport.Shaping(graph, x.Name, layer.Kind),
                };
                continue;
            }
            bool last = ++affine == affineCount;
            if (RunsInFloat(layer))
            {
                if (x.Quantized is not null) x = Dequantized(graph, x);
                string y = NetworkOnnxExport.Affine(graph, x.Name, layer, OnnxVariant.Fp32);
                floatRange = ranges[affine];
                if (last || layers.Skip(index + 1).FirstOrDefault(l => l.IsAffine) is { } next && RunsInFloat(next))
                {
                    x = new Activation(y, null);   // quantized only where an int8 layer reads it
                    continue;
                }
                if (layer.Relu && index + 1 < layers.Count && layers[index + 1].Kind == LayerKind.MaxPool2)
                {
                    y = PooledBeforeQuantizing(graph, y);
                    index++;
                }
                x = Quantized(graph, y, ranges[affine].UInt8());
                continue;
            }
            if (x.Quantized is null) x = Quantized(graph, x.Name, floatRange.UInt8());
            var output = ranges[affine].UInt8();
            x = format == QuantizationFormat.Qdq
                ? QdqLayer(graph, x, layer, last ? null : output)
                : QOperatorLayer(graph, x, layer, last ? null : output);
            if (last && layer.Relu) x = x with { Name = graph.Node("Relu", [x.Name])[0] };
            floatRange = ranges[affine];
        }
        if (x.Quantized is not null) x = Dequantized(graph, x);
        graph.Output(x.Name, OnnxType.Float, "batch", (long)config.Classes);
        return graph.ToModel();
    }

    /// <summary>A convolution too shallow for int8 to pay (see <see cref="MinimumConvolutionDepth"/>): it runs in fp32, and
    /// its output is quantized only when the next convolution or dense layer runs in int8.</summary>
    private static bool RunsInFloat(FoldedLayer layer) =>
        layer.Kind == LayerKind.Conv3x3 && layer.Shape[1] * layer.Shape[2] * layer.Shape[3] < MinimumConvolutionDepth;

    /// <summary>
    /// 2×2 max pooling of an fp32 convolution's output (after its Relu), before it is quantized: ONNX Runtime then pools
    /// in its blocked NCHWc layout, and reorders and quantizes a quarter of the values. ONNX Runtime's QDQ propagation
    /// would copy a QuantizeLinear that follows a MaxPool up above it (the pool then runs on uint8), but it only crosses
    /// MaxPool, Reshape, Transpose and the like: the Relu written after the pool (the same values: its input is already
    /// ≥ 0) stops it, and ONNX Runtime's later Relu–QuantizeLinear fusion drops that Relu, since quantizing with zero
    /// point 0 clamps as it would. On the Fashion-MNIST cnn at batch 64 (ONNX Runtime 1.31, 1 thread) its first layer
    /// took 1.22 ms as conv, reorder, quantize, transpose and uint8 pool, and 0.59 ms as conv, pool, reorder, quantize and
    /// transpose (bench/README.md, "cnn int8 at batch 64: the first layer's pooling in fp32").
    /// </summary>
    private static string PooledBeforeQuantizing(OnnxGraph graph, string x) =>
        graph.Node("Relu", [NetworkOnnxExport.Shaping(graph, x, LayerKind.MaxPool2)])[0];

    /// <summary>2×2 max pooling of a uint8 tensor by ONNX Runtime's NhwcMaxPool between transposes. ONNX Runtime moves
    /// the transposes into its int8 convolutions (which run channels-last) or into the reorder after an fp32 convolution,
    /// where they cancel; the ONNX MaxPool on uint8 that it would otherwise run is a plain loop (here 40× slower).</summary>
    private static string NhwcMaxPool(OnnxGraph graph, string x)
    {
        string nhwc = graph.Node("Transpose", [x], 1, ("perm", (object)new long[] { 0, 2, 3, 1 }))[0];
        string pooled = graph.MicrosoftNode("NhwcMaxPool", [nhwc], 1, ("kernel_shape", (object)new long[] { 2, 2 }), ("strides", (object)new long[] { 2, 2 }))[0];
        return graph.Node("Transpose", [pooled], 1, ("perm", (object)new long[] { 0, 3, 1, 2 }))[0];
    }

    /// <summary>A tensor of the graph: float, or uint8 with its scale and zero point.</summary>
    private sealed record Activation(string Name, (float Scale, byte ZeroPoint)? Quantized);

    private static Activation Quantized(OnnxGraph graph, string x, (float Scale, byte ZeroPoint) q) =>
        new(graph.Node("QuantizeLinear", [x, Scale(graph, q.Scale), ZeroPoint(graph, q.ZeroPoint)])[0], q);

    private static Activation Dequantized(OnnxGraph graph, Activation x) =>
        new(graph.Node("DequantizeLinear", [x.Name, Scale(graph, x.Quantized!.Value.Scale), ZeroPoint(graph, x.Quantized.Value.ZeroPoint)])[0], null);

    private static string Scale(OnnxGraph graph, float scale) => graph.Floats(graph.Unique("scale"), [], [scale]);

    private static string ZeroPoint(OnnxGraph graph, byte zeroPoint) =>
        graph.Initializer(graph.Unique("zero_point"), OnnxType.UInt8, [], [zeroPoint]);

    /// <summary>DequantizeLinear on input, weights and bias, the float operator, QuantizeLinear on its output (unless
    /// <paramref name="output"/> is null: the logits stay float). ONNX Runtime fuses the group into QLinearConv / QGemm.</summary>
    private static Activation QdqLayer(OnnxGraph graph, Activation x, FoldedLayer layer, (float Scale, byte ZeroPoint)? output)
    {
        var w = QuantizedWeights.Of(layer, x.Quantized!.Value.Scale);
        long channels = layer.Bias.Length, parameters = w.WeightScales.Length;
        (string, object)[] axis = w.PerChannel ? [("axis", 0L)] : [];
        string xf = Dequantized(graph, x).Name;
        string wf = graph.Node("DequantizeLinear", [
            graph.Initializer(graph.Unique("weight_int8"), OnnxType.Int8, layer.Shape, w.Weights),
            graph.Floats(graph.Unique("weight_scale"), w.ParameterShape, w.WeightScales),
            graph.Initializer(graph.Unique("weight_zero"), OnnxType.Int8, w.ParameterShape, new byte[parameters])], 1, axis)[0];
        string bf = graph.Node("DequantizeLinear", [
            graph.Initializer(graph.Unique("bias_int32"), OnnxType.Int32, [channels], w.Bias),
            graph.Floats(graph.Unique("bias_scale"), w.ParameterShape, w.BiasScales),
            graph.Initializer(graph.Unique("bias_zero"), OnnxType.Int32, w.ParameterShape, new byte[parameters * 4])], 1, axis)[0];
        string y = layer.Kind == LayerKind.Conv3x3
            ? graph.Node("Conv", [xf, wf, bf], 1, ("kernel_shape", (object)new long[] { 3, 3 }), ("pads", (object)new long[] { 1, 1, 1, 1 }))[0]
            : graph.Node("Gemm", [xf, wf, bf], 1, ("transB", 1L))[0];
        return output is { } q ? Quantized(graph, y, q) : new Activation(y, null);
    }

    /// <summary>The integer operator itself: QLinearConv (uint8 in and out), or com.microsoft's QGemm (uint8 out, or
    /// float when <paramref name="output"/> is null).</summary>
    private static Activation QOperatorLayer(OnnxGraph graph, Activation x, FoldedLayer layer, (float Scale, byte ZeroPoint)? output)
    {
        var (scale, zeroPoint) = x.Quantized!.Value;
        var w = QuantizedWeights.Of(layer, scale);
        long channels = layer.Bias.Length;
        string[] common =
        [
            x.Name, Scale(graph, scale), ZeroPoint(graph, zeroPoint),
            graph.Initializer(graph.Unique("weight_int8"), OnnxType.Int8, layer.Shape, w.Weights),
            graph.Floats(graph.Unique("weight_scale"), w.ParameterShape, w.WeightScales),
            graph.Initializer(graph.Unique("weight_zero"), OnnxType.Int8, w.ParameterShape, new byte[w.WeightScales.Length]),
        ];
        string bias = graph.Initializer(graph.Unique("bias_int32"), OnnxType.Int32, [channels], w.Bias);
        if (layer.Kind == LayerKind.Conv3x3)
        {
            var q = output ?? throw new NotSupportedException("a network ending in a convolution");
            return new Activation(graph.Node("QLinearConv", [.. common, Scale(graph, q.Scale), ZeroPoint(graph, q.ZeroPoint), bias], 1,
                ("kernel_shape", (object)new long[] { 3, 3 }), ("pads", (object)new long[] { 1, 1, 1, 1 }))[0], q);
        }
        string[] inputs = output is { } o ? [.. common, bias, Scale(graph, o.Scale), ZeroPoint(graph, o.ZeroPoint)] : [.. common, bias];
        return new Activation(graph.MicrosoftNode("QGemm", inputs, 1, ("transB", 1L))[0], output);
    }
}
