namespace Caviar.Algorithms.Onnx;

/// <summary>
/// A layer's weights as int8, symmetric (zero point 0), one scale per output channel (max |w| / 127), and its bias as
/// int32 with scale input scale × weight scale, as ONNX Runtime's quantization tools write them. Raw little-endian
/// bytes, ready for initializers.
/// </summary>
internal sealed record QuantizedWeights(byte[] Weights, float[] WeightScales, byte[] Bias, float[] BiasScales)
{
    public static QuantizedWeights Of(FoldedLayer layer, float inputScale)
    {
        int channels = layer.Bias.Length, perChannel = layer.Weight.Length / channels;
        var weights = new byte[layer.Weight.Length];
        var weightScales = new float[channels];
        var bias = new byte[channels * 4];
        var biasScales = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            var row = layer.Weight.AsSpan(c * perChannel, perChannel);
            float largest = 0;
            foreach (float v in row) largest = Math.Max(largest, MathF.Abs(v));
            float scale = largest > 0 ? largest / 127f : 1f;
            for (int k = 0; k < perChannel; k++)
                weights[c * perChannel + k] = unchecked((byte)(sbyte)Math.Clamp(MathF.Round(row[k] / scale), -127, 127));
            weightScales[c] = scale;
            biasScales[c] = inputScale * scale;
            int quantizedBias = (int)Math.Clamp(Math.Round((double)layer.Bias[c] / biasScales[c]), int.MinValue, int.MaxValue);
            BitConverter.TryWriteBytes(bias.AsSpan(c * 4, 4), quantizedBias);
        }
        return new QuantizedWeights(weights, weightScales, bias, biasScales);
    }
}
