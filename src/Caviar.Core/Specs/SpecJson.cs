using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caviar.Specs;

/// <summary>JSON settings for spec files: camelCase, enums by name, unknown fields refused, required fields enforced.</summary>
public static class SpecJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowOutOfOrderMetadataProperties = true,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };
}
