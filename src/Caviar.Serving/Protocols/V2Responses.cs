using System.Text.Json;
using Caviar.Serving.Models;

namespace Caviar.Serving.Protocols;

/// <summary>Open Inference Protocol answers: model metadata and infer responses.</summary>
internal static class V2Responses
{
    /// <summary>The one version of an endpoint's model (<c>/v2/models/NAME/versions/1</c>): an update replaces the model in place.</summary>
    public const string Version = "1";

    public static object Metadata(string name, OnnxModel model) => new
    {
        name,
        versions = new[] { Version },
        platform = "onnxruntime_onnx",
        inputs = model.Inputs.Select(Describe),
        outputs = model.Outputs.Select(Describe),
    };

    private static object Describe(TensorSpec spec) => new
    {
        name = spec.Name, datatype = spec.Datatype, shape = spec.Shape.Select(d => d <= 0 ? -1 : d),
    };

    public static byte[] Infer(string modelName, string? id, IReadOnlyList<OutputTensor> outputs, IReadOnlyList<string>? requested)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model_name", modelName);
            json.WriteString("model_version", Version);
            if (id is not null) json.WriteString("id", id);
            json.WriteStartArray("outputs");
            foreach (var output in outputs.Where(o => requested is null || requested.Contains(o.Name)))
            {
                json.WriteStartObject();
                json.WriteString("name", output.Name);
                json.WriteString("datatype", Datatypes.Name(output.Type));
                json.WriteStartArray("shape");
                foreach (var d in output.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data");
                foreach (var value in output.Data) PredictionWriter.WriteValue(json, value);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
