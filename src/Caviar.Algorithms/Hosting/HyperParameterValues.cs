using System.Globalization;
using System.Text.Json;
using Caviar.Validation;

namespace Caviar.Algorithms.Hosting;

/// <summary>
/// A job's hyperparameters.json, read with defaults; values may be JSON numbers, booleans or strings.
/// <paramref name="onRead"/>, if given, sees every name read with the default offered for it (tests use it to check
/// that the algorithms read exactly what <see cref="Caviar.BuiltIns.BuiltInAlgorithmCatalog"/> declares).
/// </summary>
public sealed class HyperParameterValues(IReadOnlyDictionary<string, JsonElement> values, Action<string, object?>? onRead = null)
{
    public static HyperParameterValues Read(string path) =>
        new(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(path)) ?? []);

    public IEnumerable<string> Names => values.Keys;

    /// <summary>The values as given.</summary>
    public IReadOnlyDictionary<string, JsonElement> Values => values;

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
        try
        {
            return text.Split(',').Select(s => int.Parse(s.Trim(), CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception error) when (error is FormatException or OverflowException)
        {
            throw new CaviarValidationException($"hyperParameters.{name}", $"'{text}' is not a comma-separated list of integers");
        }
    }

    private T Get<T>(string name, T fallback, Func<JsonElement, T> read)
    {
        onRead?.Invoke(name, fallback);
        if (!values.TryGetValue(name, out var element)) return fallback;
        try { return read(element); }
        catch (Exception error) when (error is FormatException or InvalidOperationException or OverflowException)
        {
            throw new CaviarValidationException($"hyperParameters.{name}", $"'{element.GetRawText()}' is not a valid {typeof(T).Name}");
        }
    }
}
