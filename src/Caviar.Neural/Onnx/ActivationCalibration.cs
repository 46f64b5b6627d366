using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Caviar.Algorithms.Onnx;

/// <summary>The range of values a tensor took on the calibration examples (always including 0).</summary>
public readonly record struct ActivationRange(float Min, float Max)
{
    /// <summary>uint8 quantization of the range: scale = (max − min) / 255, zero point = round(−min / scale), as in
    /// ONNX Runtime's quantization tools (asymmetric, per tensor).</summary>
    public (float Scale, byte ZeroPoint) UInt8()
    {
        float scale = (Max - Min) / 255f;
        if (!(scale > 0) || float.IsInfinity(scale)) return (1f, (byte)Math.Clamp(MathF.Round(-Min), 0, 255));
        return (scale, (byte)Math.Clamp(MathF.Round(-Min / scale), 0, 255));
    }
}

/// <summary>
/// Calibration for static quantization by min/max (ONNX Runtime's default calibration method): the fp32 graph is
/// run on ONNX Runtime with every convolution's and dense layer's output (after its Relu) added as a graph output,
/// over the calibration examples, and each tensor's smallest and largest value is kept.
/// </summary>
public static class ActivationCalibration
{
    private const int Batch = 100;

    /// <summary>The input's range (after the model's standardisation, if any), then one range per convolution or dense
    /// layer, in order.</summary>
    public static IReadOnlyList<ActivationRange> Ranges(NeuralModel config, IReadOnlyList<FoldedLayer> layers, LabeledExamples calibration)
    {
        if (calibration.Count == 0) throw new Validation.CaviarValidationException("calibration", "no calibration examples");
        var graph = NetworkOnnxExport.Build(config, layers, OnnxVariant.Fp32, out _, out var probes);
        foreach (var (probe, layer) in probes.Zip(layers.Where(l => l.IsAffine)))
            graph.Output(probe, OnnxType.Float, layer.Kind == LayerKind.Conv3x3 ? ["batch", "c", "h", "w"] : ["batch", "units"]);

        var min = new float[probes.Count + 1];
        var max = new float[probes.Count + 1];
        Array.Fill(min, 0f);
        Array.Fill(max, 0f);
        Extend(config.Standardisation?.Apply(calibration.Values) ?? calibration.Values, 0);   // the first layer's input

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(graph.ToModel(), options);
        long[] shape = NetworkOnnxExport.InputShape(config).Skip(1).Select(Convert.ToInt64).ToArray();
        for (int start = 0; start < calibration.Count; start += Batch)
        {
            int count = Math.Min(Batch, calibration.Count - start);
            var values = calibration.Values.AsSpan(start * calibration.Features, count * calibration.Features).ToArray();
            var tensor = new DenseTensor<float>(values, [count, .. shape.Select(d => (int)d)]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)], probes);
            int i = 1;
            foreach (var result in results) Extend(result.AsTensor<float>().ToArray(), i++);
        }
        return min.Zip(max, (lo, hi) => new ActivationRange(lo, hi)).ToList();

        void Extend(ReadOnlySpan<float> values, int index)
        {
            float lo = min[index], hi = max[index];
            foreach (float v in values)
            {
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            (min[index], max[index]) = (lo, hi);
        }
    }
}
