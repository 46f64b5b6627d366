using System.Text.Json;
using Caviar.Serving.Http;

namespace Caviar.Serving.Protocols;

/// <summary>Flattens a JSON number or (nested) array of numbers into floats; anything else is refused with <c>where</c> in the reason.</summary>
internal static class JsonNumbers
{
    public static void Flatten(JsonElement element, List<float> into, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (!element.TryGetSingle(out float value) || !float.IsFinite(value))
                    throw new InferenceException(400, $"{where}: {element.GetRawText()} is out of the float range");
                into.Add(value);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Flatten(item, into, where);
                break;
            default:
                string text = element.GetRawText();
                throw new InferenceException(400, $"{where}: {CsvRows.Shorten(text)} is not a number");
        }
    }

    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException error)
        {
            throw new InferenceException(400, $"the body is not JSON: {error.Message}");
        }
    }
}
