using System.Text.Json;

namespace Caviar.Containers;

/// <summary>What an image runs by default: its entrypoint and command (either may be empty).</summary>
/// <param name="Id">The image's id.</param>
/// <param name="Entrypoint">The image's entrypoint.</param>
/// <param name="Command">The image's command (the entrypoint's default arguments).</param>
public sealed record ImageConfig(string Id, IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Command)
{
    /// <summary>Reads the first image of <c>podman image inspect</c>'s JSON.</summary>
    public static ImageConfig Parse(string inspectJson)
    {
        using var document = JsonDocument.Parse(inspectJson);
        var image = document.RootElement[0];
        var config = image.TryGetProperty("Config", out var c) ? c : default;
        return new ImageConfig(image.GetProperty("Id").GetString() ?? "", Strings(config, "Entrypoint"), Strings(config, "Cmd"));
    }

    private static List<string> Strings(JsonElement config, string name) =>
        config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [];
}
