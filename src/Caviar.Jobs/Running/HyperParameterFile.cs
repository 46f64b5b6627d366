using System.Text.Json;
using System.Text.Json.Nodes;

namespace Caviar.Jobs.Running;

/// <summary>
/// Writes hyperparameters.json: the static ones, then the tuned ones (numbers stay numbers). A container job gets
/// SageMaker's file (strings) there and the typed one beside it (caviar-hyperparameters.json).
/// </summary>
internal static class HyperParameterFile
{
    public static void Write(string path, IReadOnlyDictionary<string, JsonElement> fixedValues,
        IReadOnlyDictionary<string, object>? tunedValues) =>
        Save(path, Typed(fixedValues, tunedValues).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>A container job's pair: strings in hyperparameters.json, the typed values in caviar-hyperparameters.json.</summary>
    public static void WriteForContainer(Layout.JobDirectory job, IReadOnlyDictionary<string, JsonElement> fixedValues,
        IReadOnlyDictionary<string, object>? tunedValues)
    {
        var typed = Typed(fixedValues, tunedValues);
        Save(job.TypedHyperParametersFile, typed.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Save(job.HyperParametersFile, Caviar.Containers.SageMakerContract.StringHyperParameters(typed));
    }

    private static JsonObject Typed(IReadOnlyDictionary<string, JsonElement> fixedValues,
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
                bool b => JsonValue.Create(b),
                _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
            };
        return json;
    }

    /// <summary>Writes the file whole or not at all (a temporary file renamed over it).</summary>
    public static void Save(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            throw;
        }
    }
}
