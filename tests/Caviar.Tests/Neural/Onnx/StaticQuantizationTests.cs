using System.Text;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using Caviar.Algorithms.Onnx;
using Caviar.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Caviar.Tests.Algorithms;

[Collection(FashionMnistCollection.Name)]
public class StaticQuantizationTests(FashionMnistFixture data)
{
    private sealed record Trained(NeuralModel Config, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Network,
        LabeledExamples Validation, int[] InputShape);

    private Trained Train(TempDirectory dir, NeuralSettings settings)
    {
        var (train, validation) = DataSplit.Indices(3000, 0.2, seed: 1);
        var subset = data.Train.First(3000);
        new NeuralTrainer(settings, TextWriter.Null).Train(subset.Take(train), subset.Take(validation), null, 10,
            dir.File("ck"), dir.File("model"));
        var (config, network) = NeuralModel.Load(dir.File("model"));
        return new Trained(config, network, subset.Take(validation),
            settings.Architecture == "cnn" ? config.ImageShape! : [config.InputFeatures]);
    }

    public static TheoryData<string, QuantizationFormat> Networks => new()
    {
        { "cnn", QuantizationFormat.Qdq }, { "cnn", QuantizationFormat.QOperator },
        { "mlp", QuantizationFormat.Qdq }, { "mlp", QuantizationFormat.QOperator },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_statically_quantized_network_runs_int8_convolutions_and_products_and_keeps_fp32_accuracy(string architecture,
        QuantizationFormat format)
    {
        using var dir = new TempDirectory();
        var settings = architecture == "cnn"
            ? new NeuralSettings { Architecture = "cnn", ConvChannels = [8, 16], HiddenUnits = [32], Epochs = 1, Threads = 2 }
            : new NeuralSettings { HiddenUnits = [128, 64], Epochs = 2, Threads = 2 };
        var trained = Train(dir, settings);
        using var network = trained.Network;
        byte[] fp32 = NetworkOnnxExport.Export(trained.Config, network, OnnxVariant.Fp32);
        byte[] int8 = StaticQuantization.Export(trained.Config, network, data.Train.Take(Enumerable.Range(3000, 300).ToArray()), format);

        // What ONNX Runtime runs after its graph optimizations: the integer kernels, no float Gemm left, and one float
        // Conv: the first, on one-channel images (too shallow for int8 to pay: StaticQuantization.MinimumConvolutionDepth).
        var (nodes, shapes) = OptimizedGraph(int8, dir.File("optimized.onnx"));
        var ops = nodes.Select(n => n.OpType).ToList();
        Assert.Equal(architecture == "cnn" ? 1 : 0, ops.Count(op => op == "QLinearConv"));
        Assert.Equal(architecture == "cnn" ? 1 : 0, ops.Count(op => op == "Conv"));
        Assert.Equal(settings.HiddenUnits.Length + 1, ops.Count(op => op == "QGemm"));
        Assert.DoesNotContain("Gemm", ops);
        Assert.DoesNotContain("FusedGemm", ops);
        // The fp32 convolution's pooling runs in fp32 (ONNX Runtime's blocked MaxPool), before the QuantizeLinear: the Relu
        // written between them stopped ONNX Runtime from moving the quantization above the pool, and was then dropped.
        // The int8 convolution's pooling runs on uint8 (NhwcMaxPool); no ONNX MaxPool on uint8, no Relu left.
        Assert.Equal(architecture == "cnn" ? 1 : 0, ops.Count(op => op == "MaxPool"));
        Assert.Equal(architecture == "cnn" ? 1 : 0, ops.Count(op => op == "NhwcMaxPool"));
        Assert.DoesNotContain("Relu", ops);
        if (architecture == "cnn")
            Assert.True(ops.IndexOf("MaxPool") < ops.IndexOf("QuantizeLinear"), string.Join(", ", ops));
        Assert.True(int8.Length < 0.3 * fp32.Length, $"int8 {int8.Length} bytes, fp32 {fp32.Length}");
        // Weight scales and zero points (input 4 and 5 of both operators): one per output channel for the convolution, one
        // per matrix (scalars) for the dense layers, whose per-column parameters send QGemm down a slower path.
        foreach (var node in nodes.Where(n => n.OpType is "QGemm" or "QLinearConv"))
        {
            long[] parameterShape = node.OpType == "QGemm" ? [] : [settings.ConvChannels[1]];
            Assert.Equal(parameterShape, shapes[node.Inputs[4]]);
            Assert.Equal(parameterShape, shapes[node.Inputs[5]]);
        }

        var fp32Accuracy = OnnxScoring.Measure(fp32, trained.Validation, trained.InputShape, 1).Accuracy;
        var int8Accuracy = OnnxScoring.Measure(int8, trained.Validation, trained.InputShape, 1).Accuracy;
        Assert.True(Math.Abs(int8Accuracy - fp32Accuracy) <= 0.01, $"fp32 {fp32Accuracy}, int8 {int8Accuracy}");

        // The logits themselves are close: within a few percent of their spread, and the same class nearly always.
        var expected = Logits(fp32, trained.Validation, trained.InputShape);
        var actual = Logits(int8, trained.Validation, trained.InputShape);
        double spread = expected.Max() - expected.Min();
        double meanError = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Average();
        Assert.True(meanError < 0.02 * spread, $"mean |int8 - fp32| {meanError} of a spread of {spread}");
        Assert.NotEqual(expected, actual);   // it really is another computation
        int classes = trained.Config.Classes, agree = 0, rows = expected.Length / classes;
        for (int r = 0; r < rows; r++)
            if (ArgMax(expected.AsSpan(r * classes, classes)) == ArgMax(actual.AsSpan(r * classes, classes))) agree++;
        Assert.True(agree >= 0.98 * rows, $"{agree} of {rows} rows give fp32's class");
    }

    [Fact]
    public void Convolutions_too_shallow_for_int8_run_in_fp32_end_to_end_and_only_the_dense_layers_input_is_quantized()
    {
        // 4 then 8 channels: depths 9 and 36, both under MinimumConvolutionDepth, so both stay fp32 with their pooling,
        // and nothing is quantized until the dense layers (no quantize-dequantize pair between two fp32 convolutions).
        using var dir = new TempDirectory();
        var trained = Train(dir, new NeuralSettings { Architecture = "cnn", ConvChannels = [4, 8], HiddenUnits = [32], Epochs = 1, Threads = 2 });
        using var network = trained.Network;
        byte[] fp32 = NetworkOnnxExport.Export(trained.Config, network, OnnxVariant.Fp32);
        byte[] int8 = StaticQuantization.Export(trained.Config, network, data.Train.Take(Enumerable.Range(3000, 300).ToArray()));

        var ops = OptimizedGraph(int8, dir.File("optimized.onnx")).Nodes.Select(n => n.OpType).ToList();
        Assert.Equal(2, ops.Count(op => op == "Conv"));
        Assert.Equal(2, ops.Count(op => op == "MaxPool"));
        Assert.Equal(1, ops.Count(op => op == "QuantizeLinear"));
        Assert.Equal(2, ops.Count(op => op == "QGemm"));
        Assert.DoesNotContain("QLinearConv", ops);
        Assert.DoesNotContain("DequantizeLinear", ops);
        Assert.DoesNotContain("NhwcMaxPool", ops);

        var fp32Accuracy = OnnxScoring.Measure(fp32, trained.Validation, trained.InputShape, 1).Accuracy;
        var int8Accuracy = OnnxScoring.Measure(int8, trained.Validation, trained.InputShape, 1).Accuracy;
        Assert.True(Math.Abs(int8Accuracy - fp32Accuracy) <= 0.01, $"fp32 {fp32Accuracy}, int8 {int8Accuracy}");
    }

    [Fact]
    public void Calibration_ranges_cover_the_activations_and_include_zero()
    {
        using var dir = new TempDirectory();
        var trained = Train(dir, new NeuralSettings { HiddenUnits = [32], Epochs = 1, Threads = 2 });
        using var network = trained.Network;
        var layers = FoldedNetwork.Layers(trained.Config, network);
        var ranges = ActivationCalibration.Ranges(trained.Config, layers, data.Train.First(200));
        Assert.Equal(3, ranges.Count);                        // the input, the hidden layer, the logits
        Assert.Equal(new ActivationRange(0, 1), ranges[0]);   // pixels scaled to [0, 1]
        Assert.Equal(0, ranges[1].Min);                       // after the Relu
        Assert.True(ranges[1].Max > 0);
        Assert.True(ranges[2].Min < 0 && ranges[2].Max > 0);
        var (scale, zeroPoint) = ranges[2].UInt8();
        Assert.Equal((ranges[2].Max - ranges[2].Min) / 255f, scale);
        Assert.Equal(Math.Round(-ranges[2].Min / scale), zeroPoint);
        Assert.Equal(((1f / 255f), (byte)0), ranges[0].UInt8());
    }

    private sealed record Node(string OpType, string[] Inputs);

    /// <summary>The nodes of the graph ONNX Runtime runs, from the model it writes after its optimizations, and the
    /// shapes of its initializers by name.</summary>
    private static (List<Node> Nodes, Dictionary<string, long[]> Shapes) OptimizedGraph(byte[] model, string path)
    {
        using (var options = new SessionOptions { OptimizedModelFilePath = path, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL })
        using (new InferenceSession(model, options)) { }
        string Text(byte[] value) => Encoding.UTF8.GetString(value);
        var graph = Fields(File.ReadAllBytes(path)).Single(f => f.Number == 7).Value;                  // ModelProto.graph
        var nodes = Fields(graph).Where(f => f.Number == 1)                                             // GraphProto.node
            .Select(node => Fields(node.Value).ToList())
            .Select(fields => new Node(Text(fields.Single(f => f.Number == 4).Value),                      // NodeProto.op_type
                fields.Where(f => f.Number == 1).Select(f => Text(f.Value)).ToArray()))                    // NodeProto.input
            .ToList();
        var shapes = Fields(graph).Where(f => f.Number == 5)                                            // GraphProto.initializer
            .ToDictionary(t => Text(Fields(t.Value).Single(f => f.Number == 8).Value),                    // TensorProto.name
                t => Varints(t.Value, 1));                                                               // TensorProto.dims
        return (nodes, shapes);
    }

    /// <summary>The varint fields numbered <paramref name="number"/> of a message, unpacked or packed.</summary>
    private static long[] Varints(byte[] message, int number)
    {
        var values = new List<long>();
        int at = 0;
        ulong Varint(byte[] bytes, ref int position)
        {
            ulong value = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = bytes[position++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80) return value;
            }
        }
        while (at < message.Length)
        {
            ulong tag = Varint(message, ref at);
            switch (tag & 7)
            {
                case 0:
                    ulong v = Varint(message, ref at);
                    if ((int)(tag >> 3) == number) values.Add((long)v);
                    break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    int length = (int)Varint(message, ref at), end = at + length;
                    if ((int)(tag >> 3) == number)
                        while (at < end) values.Add((long)Varint(message, ref at));
                    at = end;
                    break;
                default: throw new InvalidDataException($"wire type {tag & 7}");
            }
        }
        return values.ToArray();
    }

    /// <summary>The length-delimited fields of a protocol-buffer message (other wire types skipped).</summary>
    private static IEnumerable<(int Number, byte[] Value)> Fields(byte[] message)
    {
        int at = 0;
        ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = message[at++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80) return value;
            }
        }
        var fields = new List<(int, byte[])>();
        while (at < message.Length)
        {
            ulong tag = Varint();
            switch (tag & 7)
            {
                case 0: Varint(); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    int length = (int)Varint();
                    fields.Add(((int)(tag >> 3), message[at..(at + length)]));
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {tag & 7}");
            }
        }
        return fields;
    }

    private static float[] Logits(byte[] model, LabeledExamples examples, int[] inputShape)
    {
        using var session = new InferenceSession(model);
        var tensor = new DenseTensor<float>(examples.Values, [examples.Count, .. inputShape]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]);
        return results.First().AsEnumerable<float>().ToArray();
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
