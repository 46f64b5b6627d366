using System.Text.Json;
using Caviar.Serving.Http;

namespace Caviar.Serving.Protocols;

/// <summary>
/// <c>application/json</c> bodies of SageMaker's protocol: <c>{"instances": [[...], ...]}</c>, one instance per row;
/// an instance may be nested (an image as rows of pixels) and is flattened. Read in one pass with
/// <see cref="Utf8JsonReader"/> straight into the rows' floats (no document is built: this is every JSON request's
/// path). Other properties of the object are skipped; the whole body must be JSON.
/// </summary>
internal static class JsonInstances
{
    private const string Shape = "the body must be {\"instances\": [[...], ...]}";

    public static FeatureRows Parse(ReadOnlyMemory<byte> body, int features)
    {
        var reader = new Utf8JsonReader(body.Span);
        float[]? values = null;
        int rows = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new InferenceException(400, Shape);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool instances = values is null && reader.ValueTextEquals("instances"u8);
                reader.Read();
                if (!instances)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartArray) throw new InferenceException(400, Shape);
                values = ReadInstances(ref reader, features, out rows);
            }
            while (reader.Read()) { }   // the rest must be well-formed too
        }
        catch (JsonException error)
        {
            throw new InferenceException(400, $"the body is not JSON: {error.Message}");
        }
        if (values is null) throw new InferenceException(400, Shape);
        if (rows == 0) throw new InferenceException(400, "\"instances\" is empty");
        return new FeatureRows(values.Length == rows * features ? values : values[..(rows * features)], rows);
    }

    /// <summary>Reads the instances array (the reader on its start) into a float[] of rows × features.</summary>
    private static float[] ReadInstances(ref Utf8JsonReader reader, int features, out int rows)
    {
        var values = new float[features];
        rows = 0;
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            rows++;
            if (reader.TokenType != JsonTokenType.StartArray) throw new InferenceException(400, $"instance {rows} is not an array of numbers");
            int before = count, depth = reader.CurrentDepth;
            while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.Number:
                        if (!reader.TryGetSingle(out float value) || !float.IsFinite(value))
                            throw new InferenceException(400, $"instance {rows}: {Text(ref reader)} is out of the float range");
                        if (count == values.Length) Array.Resize(ref values, values.Length * 2);
                        values[count++] = value;
                        break;
                    case JsonTokenType.StartArray or JsonTokenType.EndArray:
                        break;
                    default:
                        throw new InferenceException(400, $"instance {rows}: {Text(ref reader)} is not a number");
                }
            }
            if (count - before != features)
                throw new InferenceException(400, $"instance {rows} has {count - before} values; the model takes {features}");
        }
        return values;
    }

    /// <summary>The current token as it was written (a string quoted, an object as {…}), shortened.</summary>
    private static string Text(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => "\"" + CsvRows.Shorten(reader.GetString() ?? "") + "\"",
        JsonTokenType.StartObject => "{…}",
        _ => CsvRows.Shorten(System.Text.Encoding.UTF8.GetString(reader.ValueSpan)),
    };
}
