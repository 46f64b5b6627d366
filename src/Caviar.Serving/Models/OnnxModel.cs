using Caviar.Validation;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Caviar.Serving.Models;

/// <summary>
/// A model loaded into ONNX Runtime for serving. Rows of floats go to its feature input — the only input, else the
/// one named Features or input, else its first float input; every other input (ML.NET's Label) gets zeros of its
/// type. Outputs are every tensor output except the ones echoing an input (ML.NET's <c>Features.output</c>).
/// </summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] outputNames;
    private readonly string[] inputNames;
    private readonly NodeMetadata[] inputMetadata;

    /// <summary>Each input's shape with the batch (first) dimension to fill in and other unknown dimensions as 1.</summary>
    private readonly long[][] inputShapes;

    public string Path { get; }
    public TensorSpec FeatureInput { get; }
    public IReadOnlyList<TensorSpec> Inputs { get; }
    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>Values per row the feature input takes (784 for a 1×28×28 image).</summary>
    public int FeatureCount { get; }

    private OnnxModel(string path, InferenceSession session)
    {
        Path = path;
        this.session = session;
        Inputs = session.InputMetadata.Select(p => Spec(p.Key, p.Value)).ToList();
        var feature = session.InputMetadata.Count == 1 ? session.InputMetadata.First()
            : session.InputMetadata.FirstOrDefault(p => p.Key is "Features" or "input") is { Key: not null } named ? named
            : session.InputMetadata.FirstOrDefault(p => p.Value.IsTensor && p.Value.ElementDataType == TensorElementType.Float);
        if (feature.Key is null || !feature.Value.IsTensor || feature.Value.ElementDataType is not (TensorElementType.Float or TensorElementType.Double))
            throw new CaviarValidationException("model", $"{path}: the model has no float input to take rows of features");
        if (feature.Value.Dimensions.Skip(1).Any(d => d <= 0))
            throw new CaviarValidationException("model", $"{path}: input '{feature.Key}' has a dimension of unknown size besides the batch");
        FeatureInput = Spec(feature.Key, feature.Value);
        FeatureCount = checked((int)FeatureInput.ValuesPerRow);
        foreach (var (name, meta) in session.InputMetadata.Where(p => p.Key != feature.Key))
            if (!meta.IsTensor || meta.ElementDataType == TensorElementType.String)
                throw new CaviarValidationException("model", $"{path}: input '{name}' is neither the features nor a numeric tensor zeros can fill");
        var echoes = session.InputMetadata.Keys.Select(k => k + ".output").ToHashSet(StringComparer.Ordinal);
        var outputs = session.OutputMetadata.Where(p => p.Value.IsTensor && !echoes.Contains(p.Key)).ToList();
        if (outputs.Count == 0) throw new CaviarValidationException("model", $"{path}: the model has no tensor output");
        outputNames = outputs.Select(p => p.Key).ToArray();
        inputNames = session.InputMetadata.Keys.ToArray();
        inputMetadata = session.InputMetadata.Values.ToArray();
        inputShapes = inputMetadata.Select(m => m.Dimensions.Select(d => d <= 0 ? 1L : d).ToArray()).ToArray();
        Outputs = outputs.Select(p => Spec(p.Key, p.Value)).ToList();
    }

    /// <summary>Loads <paramref name="path"/>; a missing or unreadable model is refused with the reason.</summary>
    public static OnnxModel Load(string path, SessionOptions options)
    {
        if (!File.Exists(path)) throw new CaviarValidationException("model", $"no model file at {path}");
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException error)
        {
            throw new CaviarValidationException("model", $"{path} is not a model ONNX Runtime can load: {error.Message}");
        }
        try
        {
            return new OnnxModel(path, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static TensorSpec Spec(string name, NodeMetadata meta) =>
        new(name, meta.IsTensor ? Datatypes.Name(meta.ElementDataType) : meta.OnnxValueType.ToString().ToUpperInvariant(),
            meta.IsTensor ? meta.Dimensions.Select(d => (long)d).ToArray() : []);

    /// <summary>
    /// Runs <paramref name="rows"/> rows held row-major in <paramref name="features"/> (exactly rows × features long;
    /// ONNX Runtime reads it in place, so a caller may reuse the memory once this returns); one tensor per output.
    /// </summary>
    public IReadOnlyList<OutputTensor> Run(Memory<float> features, int rows)
    {
        var values = new OrtValue[inputNames.Length];
        try
        {
            for (int i = 0; i < values.Length; i++)
            {
                long[] shape = (long[])inputShapes[i].Clone();
                if (shape.Length > 0) shape[0] = rows;
                values[i] = inputNames[i] == FeatureInput.Name ? FeatureValue(inputMetadata[i], features, shape) : Zeros(inputMetadata[i].ElementDataType, shape);
            }
            using var results = session.Run(runOptions, inputNames, values, outputNames);
            var copies = new OutputTensor[results.Count];
            for (int i = 0; i < copies.Length; i++) copies[i] = Copy(outputNames[i], results[i]);
            return copies;
        }
        finally
        {
            foreach (var value in values) value?.Dispose();
        }
    }

    private static OrtValue FeatureValue(NodeMetadata meta, Memory<float> features, long[] shape)
    {
        if (meta.ElementDataType != TensorElementType.Double)
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, features, shape);
        var doubles = new double[features.Length];
        var source = features.Span;
        for (int i = 0; i < doubles.Length; i++) doubles[i] = source[i];
        return OrtValue.CreateTensorValueFromMemory(doubles, shape);
    }

    private static OrtValue Zeros(TensorElementType type, long[] shape)
    {
        long count = shape.Aggregate(1L, (a, d) => a * d);
        return type switch
        {
            TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(new float[count], shape),
            TensorElementType.Double => OrtValue.CreateTensorValueFromMemory(new double[count], shape),
            TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(new long[count], shape),
            TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(new int[count], shape),
            TensorElementType.Bool => OrtValue.CreateTensorValueFromMemory(new bool[count], shape),
            TensorElementType.UInt32 => OrtValue.CreateTensorValueFromMemory(new uint[count], shape),
            TensorElementType.UInt64 => OrtValue.CreateTensorValueFromMemory(new ulong[count], shape),
            TensorElementType.Int8 => OrtValue.CreateTensorValueFromMemory(new sbyte[count], shape),
            TensorElementType.UInt8 => OrtValue.CreateTensorValueFromMemory(new byte[count], shape),
            TensorElementType.Int16 => OrtValue.CreateTensorValueFromMemory(new short[count], shape),
            TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(new Float16[count], shape),
            _ => throw new NotSupportedException($"cannot fill an input of type {type}"),
        };
    }

    private static OutputTensor Copy(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        Array data = info.ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorElementType.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorElementType.UInt32 => value.GetTensorDataAsSpan<uint>().ToArray(),
            TensorElementType.UInt64 => value.GetTensorDataAsSpan<ulong>().ToArray(),
            TensorElementType.Int8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            TensorElementType.UInt8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            TensorElementType.Float16 => value.GetTensorDataAsSpan<Float16>().ToArray().Select(v => v.ToFloat()).ToArray(),
            TensorElementType.String => value.GetStringTensorAsArray(),
            var other => throw new NotSupportedException($"output '{name}' has type {other}"),
        };
        return new OutputTensor(name, info.ElementDataType == TensorElementType.Float16 ? TensorElementType.Float : info.ElementDataType,
            info.Shape, data);
    }

    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }
}
