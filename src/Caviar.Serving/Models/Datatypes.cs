using Microsoft.ML.OnnxRuntime.Tensors;

namespace Caviar.Serving.Models;

/// <summary>ONNX element types and the Open Inference Protocol's datatype names for them.</summary>
internal static class Datatypes
{
    public static string Name(TensorElementType type) => type switch
    {
        TensorElementType.Float => "FP32",
        TensorElementType.Double => "FP64",
        TensorElementType.Float16 => "FP16",
        TensorElementType.Int64 => "INT64",
        TensorElementType.Int32 => "INT32",
        TensorElementType.Int16 => "INT16",
        TensorElementType.Int8 => "INT8",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.Bool => "BOOL",
        TensorElementType.String => "BYTES",
        _ => type.ToString().ToUpperInvariant(),
    };
}
