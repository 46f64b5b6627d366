using System.Text.Json;
using Caviar.Serving.Http;

namespace Caviar.Serving.Protocols;

/// <summary>
/// <c>application/json</c> bodies of SageMaker's protocol: <c>{"instances": [[...], ...]}</c>, one instance per row;
/// an instance may be nested (an image as rows of pixels) and is flattened.
/// </summary>
public static class JsonInstances
{
    public static FeatureRows Parse(ReadOnlyMemory<byte> body, int features)
    {
        using var document = JsonNumbers.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("instances", out var instances) || instances.ValueKind != JsonValueKind.Array)
            throw new InferenceException(400, "the body must be {\"instances\": [[...], ...]}");
        var values = new List<float>(instances.GetArrayLength() * features);
        int row = 0;
        foreach (var instance in instances.EnumerateArray())
        {
            row++;
            int before = values.Count;
            if (instance.ValueKind != JsonValueKind.Array) throw new InferenceException(400, $"instance {row} is not an array of numbers");
            JsonNumbers.Flatten(instance, values, $"instance {row}");
            if (values.Count - before != features)
                throw new InferenceException(400, $"instance {row} has {values.Count - before} values; the model takes {features}");
        }
        if (row == 0) throw new InferenceException(400, "\"instances\" is empty");
        return new FeatureRows(values.ToArray(), row);
    }
}
