using System.Text.Json;
using Caviar.Serving.Http;
using Caviar.Serving.Models;

namespace Caviar.Serving.Protocols;

/// <summary>
/// An Open Inference Protocol (KServe V2) infer request: <c>{"id"?, "inputs": [{"name", "shape", "datatype", "data"}],
/// "outputs"?: [{"name"}]}</c>. The model's feature input must be given with its datatype and a shape whose first
/// dimension is the batch; inputs the endpoint fills itself (ML.NET's Label) may be left out.
/// </summary>
internal sealed record V2InferRequest(string? Id, FeatureRows Rows, IReadOnlyList<string>? RequestedOutputs)
{
    public static V2InferRequest Parse(ReadOnlyMemory<byte> body, OnnxModel model)
    {
        using var document = JsonNumbers.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
            throw new InferenceException(400, "the body must be {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}");
        string? id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        FeatureRows? rows = null;
        int index = 0;
        foreach (var input in inputs.EnumerateArray())
        {
            index++;
            string name = input.ValueKind == JsonValueKind.Object && input.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()! : throw new InferenceException(400, $"input {index} has no name");
            if (model.Inputs.All(i => i.Name != name))
                throw new InferenceException(400, $"input '{name}' is not an input of the model (it takes {string.Join(", ", model.Inputs.Select(i => i.Name))})");
            if (name != model.FeatureInput.Name) continue;
            rows = Features(input, model);
        }
        if (rows is null) throw new InferenceException(400, $"input '{model.FeatureInput.Name}' is missing");
        return new V2InferRequest(id, rows, NamedOutputs(root, model));
    }

    /// <summary>The outputs the request names (<c>"outputs": [{"name"}]</c>), or null when it names none (all are answered).</summary>
    private static List<string>? NamedOutputs(JsonElement root, OnnxModel model)
    {
        if (!root.TryGetProperty("outputs", out var wanted) || wanted.ValueKind == JsonValueKind.Null) return null;
        if (wanted.ValueKind != JsonValueKind.Array)
            throw new InferenceException(400, "\"outputs\" must be an array of {\"name\"}, e.g. [{\"name\": \"" + model.Outputs[0].Name + "\"}]");
        var outputs = new List<string>();
        foreach (var output in wanted.EnumerateArray())
        {
            string name = output.ValueKind == JsonValueKind.Object && output.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()! : throw new InferenceException(400, $"output {outputs.Count + 1} has no name");
            if (model.Outputs.All(o => o.Name != name))
                throw new InferenceException(400, $"output '{name}' is not an output of the model (it gives {string.Join(", ", model.Outputs.Select(o => o.Name))})");
            outputs.Add(name);
        }
        return outputs;
    }

    private static FeatureRows Features(JsonElement input, OnnxModel model)
    {
        var spec = model.FeatureInput;
        string where = $"input '{spec.Name}'";
        string datatype = input.TryGetProperty("datatype", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
        if (datatype != spec.Datatype)
            throw new InferenceException(400, $"{where} has datatype '{datatype}'; the model takes {spec.Datatype}");
        if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || shapeElement.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out _)))
            throw new InferenceException(400, $"{where} has no shape (an array of whole numbers)");
        long[] shape = shapeElement.EnumerateArray().Select(e => e.GetInt64()).ToArray();
        string expected = "[" + string.Join(", ", spec.Shape.Select((s, i) => i == 0 || s <= 0 ? "-1" : s.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
        if (shape.Length != spec.Shape.Length || shape[0] < 1 || shape.Skip(1).Where((s, i) => s != spec.Shape[i + 1]).Any())
            throw new InferenceException(400, $"{where} has shape [{string.Join(", ", shape)}]; the model takes {expected}");
        if (!input.TryGetProperty("data", out var data))
            throw new InferenceException(400, $"{where} has no data");
        var values = new List<float>();
        JsonNumbers.Flatten(data, values, where);
        long count = shape.Aggregate(1L, (a, s) => a * s);
        if (values.Count != count)
            throw new InferenceException(400, $"{where} has {values.Count} values; its shape [{string.Join(", ", shape)}] needs {count}");
        return new FeatureRows(values.ToArray(), checked((int)shape[0]));
    }
}
