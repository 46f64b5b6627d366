using System.Text.Json;
using System.Text.RegularExpressions;
using Caviar.Validation;

namespace Caviar.Specs;

/// <summary>Turns System.Text.Json's errors into validation errors that name the JSON field.</summary>
public static partial class JsonErrors
{
    public static CaviarValidationException ToValidation(JsonException error)
    {
        string path = (error.Path ?? "$").TrimStart('$').TrimStart('.');
        string message = error.Message;
        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
            return new CaviarValidationException(Join(path, unmapped.Groups[1].Value), "is not a known field");
        var missing = MissingProperties().Match(message);
        if (missing.Success)
            return new CaviarValidationException(Join(path, missing.Groups[1].Value), "is required");
        int pathNote = message.IndexOf(" Path:", StringComparison.Ordinal);
        string reason = pathNote > 0 ? message[..pathNote] : message;
        return new CaviarValidationException(path.Length == 0 ? "spec" : path, reason);
    }

    private static string Join(string path, string name) =>
        path.Length == 0 || path.EndsWith(name, StringComparison.Ordinal) ? (path.Length == 0 ? name : path)
        : $"{path}.{name}";

    [GeneratedRegex("JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingProperties();
}
