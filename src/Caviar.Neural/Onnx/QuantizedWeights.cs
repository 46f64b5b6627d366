using Caviar.Algorithms.Neural;

namespace Caviar.Algorithms.Onnx;

/// <summary>
/// A layer's weights as int8, symmetric (zero point 0), and its bias as int32 with scale input scale × weight scale, as
/// ONNX Runtime's quantization tools write them. Raw little-endian bytes, ready for initializers.
/// A convolution's weights have one scale per output channel (<see cref="PerChannel"/>); a dense layer's have one scale
/// for the whole matrix (max |w| / 127), since ONNX Runtime's QGemm runs a matrix with per-column scales and zero points
/// through a slower path of its integer kernels: on the mlp at batch 1 (784×256, 256×128, 128×10), per-column
/// parameters cost 1.3 µs of a 6.4 µs call on the first layer alone, while per-matrix ones lost no accuracy
/// (bench/README.md, "mlp int8 at batch 1").
/// </summary>
/// <param name="PerChannel">One scale per output channel; otherwise one for the matrix (scales and zero points are
/// then scalars).</param>
internal sealed record QuantizedWeights(byte[] Weights, float[] WeightScales, byte[] Bias, float[] BiasScales, bool PerChannel)
{
    /// <summary>The shape of the scale and zero-point tensors: [channels] per channel, [] (a scalar) per matrix.</summary>
    public long[] ParameterShape => PerChannel ? [WeightScales.Length] : [];

    public static QuantizedWeights Of(FoldedLayer layer, float inputScale)
    {
        bool perChannel = layer.Kind == LayerKind.Conv3x3;
        int channels = layer.Bias.Length, perOutput = layer.Weight.Length / channels;
        var weightScales = new float[perChannel ? channels : 1];
        for (int c = 0; c < channels; c++)
            foreach (float v in layer.Weight.AsSpan(c * perOutput, perOutput))
                weightScales[perChannel ? c : 0] = Math.Max(weightScales[perChannel ? c : 0], MathF.Abs(v));
        for (int s = 0; s < weightScales.Length; s++) weightScales[s] = weightScales[s] > 0 ? weightScales[s] / 127f : 1f;

        var weights = new byte[layer.Weight.Length];
        var bias = new byte[channels * 4];
        for (int c = 0; c < channels; c++)
        {
            float scale = weightScales[perChannel ? c : 0];
            for (int k = 0; k < perOutput; k++)
                weights[c * perOutput + k] = unchecked((byte)(sbyte)Math.Clamp(MathF.Round(layer.Weight[c * perOutput + k] / scale), -127, 127));
            int quantizedBias = (int)Math.Clamp(Math.Round((double)layer.Bias[c] / (inputScale * scale)), int.MinValue, int.MaxValue);
            BitConverter.TryWriteBytes(bias.AsSpan(c * 4, 4), quantizedBias);
        }
        return new QuantizedWeights(weights, weightScales, bias, weightScales.Select(s => inputScale * s).ToArray(), perChannel);
    }
}
