using System.Globalization;
using System.Text.Json;
using Caviar.Validation;

namespace Caviar.Trials;

/// <summary>
/// Trial user attributes (Optuna's <c>set_user_attr</c>): a name and a JSON scalar — string, long, double or bool
/// (smaller integer and float types widened) — stored as the scalar's JSON text.
/// </summary>
public static class UserAttributes
{
    /// <summary>The value as stored; throws naming <c>attributes.NAME</c> for an empty name or a value that is not a scalar.</summary>
    public static object Normalize(string name, object value)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new CaviarValidationException("attributes", "an attribute needs a name");
        object widened = value switch
        {
            int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            float f => (double)f,
            decimal m => (double)m,
            _ => value,
        };
        if (widened is not (string or long or double or bool) || widened is double d && !double.IsFinite(d))
            throw new CaviarValidationException($"attributes.{name}", "must be a string, an integer, a finite number or a boolean");
        return widened;
    }

    public static string ToJson(object value) => value switch
    {
        string s => JsonSerializer.Serialize(s),
        bool b => b ? "true" : "false",
        double d => WithPoint(d.ToString("R", CultureInfo.InvariantCulture)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    /// <summary>A whole double keeps a decimal point ("2.0"), so it reads back as a double, not a long.</summary>
    private static string WithPoint(string number) => number.IndexOfAny(['.', 'E', 'e']) < 0 ? number + ".0" : number;

    public static object FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement;
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when element.TryGetInt64(out long whole) && !json.Contains('.') && !json.Contains('e') && !json.Contains('E') => whole,
            _ => element.GetDouble(),
        };
    }
}
