using Microsoft.ML;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// Saves an ML.NET model twice: as ML.NET's own zip, and as ONNX (ML.NET's converter) so it can be served or
/// optimised like the networks. The ONNX model takes the Features (and, unused, Label) inputs of the training data.
/// </summary>
public static class MlNetModelFiles
{
    public static void Save(MLContext ml, ITransformer model, IDataView data, string zipPath)
    {
        ml.Model.Save(model, data.Schema, zipPath);
        using var onnx = File.Create(Path.ChangeExtension(zipPath, ".onnx"));
        ml.Model.ConvertToOnnx(model, data, onnx);
    }
}
