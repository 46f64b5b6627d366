using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caviar.Cli.Output;

/// <summary>JSON as the reading verbs print it: camelCase, enums as names, indented.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
