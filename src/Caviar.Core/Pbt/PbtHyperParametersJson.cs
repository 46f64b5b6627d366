using System.Text;
using System.Text.Json;
using Caviar.Trials;

namespace Caviar.Pbt;

/// <summary>
/// A lineage entry's hyperparameters as stored: a JSON object of scalars, each written as a user attribute is
/// (<see cref="UserAttributes.ToJson"/>: a whole double keeps its point), so values read back with their types.
/// </summary>
internal static class PbtHyperParametersJson
{
    public static string Write(IReadOnlyDictionary<string, object> values)
    {
        var text = new StringBuilder("{");
        foreach (var (name, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (text.Length > 1) text.Append(',');
            text.Append(JsonSerializer.Serialize(name)).Append(':').Append(UserAttributes.ToJson(value));
        }
        return text.Append('}').ToString();
    }

    public static IReadOnlyDictionary<string, object> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject()
            .ToDictionary(p => p.Name, p => UserAttributes.FromJson(p.Value.GetRawText()), StringComparer.Ordinal);
    }
}
