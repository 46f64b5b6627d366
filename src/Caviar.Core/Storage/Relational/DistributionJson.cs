using System.Collections.Concurrent;
using System.Text.Json;
using Caviar.SearchSpaces;
using Caviar.Specs;

namespace Caviar.Storage.Relational;

/// <summary>Ranges as stored in trial_params.distribution; parsing is cached since few distinct ranges exist.</summary>
internal static class DistributionJson
{
    private static readonly ConcurrentDictionary<string, ParameterRange> Parsed = new();

    public static string Write(ParameterRange range) => JsonSerializer.Serialize(range, SpecJson.Options);

    public static ParameterRange Read(string json) =>
        Parsed.GetOrAdd(json, text => JsonSerializer.Deserialize<ParameterRange>(text, SpecJson.Options)!);
}
