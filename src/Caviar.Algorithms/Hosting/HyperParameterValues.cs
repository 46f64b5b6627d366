using System.Globalization;
using System.Text.Json;
using Caviar.Validation;

namespace Caviar.Algorithms.Hosting;

/// <summary>A job's hyperparameters.json, read with defaults; values may be JSON numbers, booleans or strings.</summary>
public sealed class HyperParameterValues(IReadOnlyDictionary<string, JsonElement> values)
{
    public static HyperParameterValues Read(string path) =>
        new(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(path)) ?? []);

    public IEnumerable<string> Names => values.Keys;

    public double Double(string name, double fallback) => Get(name, fallback, e =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.Parse(e.GetString()!, CultureInfo.InvariantCulture));

    public int Int(string name, int fallback) => (int)Math.Round(Double(name, fallback));

    public bool Bool(string name, bool fallback) => Get(name, fallback, e => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.GetDouble() != 0,
        _ => bool.Parse(e.GetString()!),
    });

    public string String(string name, string fallback) => Get(name, fallback, e =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText());

    /// <summary>A comma-separated list of integers such as "256,128" (empty for "" or "none").</summary>
    public int[] Ints(string name, string fallback)
    {
        string text = String(name, fallback).Trim();
        if (text.Length == 0 || text == "none") return [];
        return Get(name, text.Split(',').Select(s => int.Parse(s.Trim(), CultureInfo.InvariantCulture)).ToArray(),
            _ => text.Split(',').Select(s => int.Parse(s.Trim(), CultureInfo.InvariantCulture)).ToArray());
    }

    private T Get<T>(string name, T fallback, Func<JsonElement, T> read)
    {
        if (!values.TryGetValue(name, out var element)) return fallback;
        try { return read(element); }
        catch (Exception error) when (error is FormatException or InvalidOperationException or OverflowException)
        {
            throw new CaviarValidationException($"hyperParameters.{name}", $"'{element.GetRawText()}' is not a valid {typeof(T).Name}");
        }
    }
}
