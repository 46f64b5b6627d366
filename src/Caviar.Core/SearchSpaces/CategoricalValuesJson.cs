using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caviar.SearchSpaces;

/// <summary>
/// A categorical range's choices as JSON scalars: strings, integers (read as long), other numbers (double), booleans.
/// Ranges stored before choices were typed hold strings only, and read back as they were.
/// </summary>
public sealed class CategoricalValuesJson : JsonConverter<IReadOnlyList<object>>
{
    public override IReadOnlyList<object> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("values must be an array");
        var values = new List<object>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            values.Add(reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number when reader.TryGetInt64(out long whole) => whole,
                JsonTokenType.Number => reader.GetDouble(),
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw new JsonException("each value must be a string, a number or a boolean"),
            });
        return values;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<object> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var choice in value)
            switch (choice)
            {
                case string s: writer.WriteStringValue(s); break;
                case long l: writer.WriteNumberValue(l); break;
                case double d: writer.WriteNumberValue(d); break;
                case bool b: writer.WriteBooleanValue(b); break;
                default: JsonSerializer.Serialize(writer, choice, choice.GetType(), options); break;
            }
        writer.WriteEndArray();
    }
}
