using System.Text.Json;
using System.Text.Json.Nodes;

namespace Caviar.Jobs.Running;

/// <summary>Writes hyperparameters.json: the static ones, then the tuned ones (numbers stay numbers).</summary>
public static class HyperParameterFile
{
    public static void Write(string path, IReadOnlyDictionary<string, JsonElement> fixedValues,
        IReadOnlyDictionary<string, object>? tunedValues)
    {
        var json = new JsonObject();
        foreach (var (name, value) in fixedValues) json[name] = JsonNode.Parse(value.GetRawText());
        foreach (var (name, value) in tunedValues ?? new Dictionary<string, object>())
            json[name] = value switch
            {
                double d => JsonValue.Create(d),
                long l => JsonValue.Create(l),
                int i => JsonValue.Create(i),
                _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
            };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            throw;
        }
    }
}
