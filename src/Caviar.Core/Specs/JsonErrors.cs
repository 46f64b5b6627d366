using System.Text.Json;
using System.Text.RegularExpressions;
using Caviar.Validation;

namespace Caviar.Specs;

/// <summary>
/// Turns System.Text.Json's errors into validation errors that name the JSON field and say what it must be, in the
/// spec's words rather than .NET's type names.
/// </summary>
public static partial class JsonErrors
{
    public static CaviarValidationException ToValidation(JsonException error)
    {
        string path = Field(error.Path);
        string message = error.Message;
        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
            return new CaviarValidationException(Join(path, unmapped.Groups[1].Value), "is not a known field");
        var missing = MissingProperties().Match(message);
        if (missing.Success)
            return new CaviarValidationException(Join(path, missing.Groups[1].Value), "is required");
        var discriminator = UnknownDiscriminator().Match(message);
        if (discriminator.Success)
            return new CaviarValidationException(Join(path, "type"), $"'{discriminator.Groups[1].Value}' is not a known type");
        var conversion = Conversion().Match(message);
        if (conversion.Success)
            return new CaviarValidationException(path.Length == 0 ? "spec" : path, Expected(conversion.Groups[1].Value, LastName(path)));
        int pathNote = message.IndexOf(" Path:", StringComparison.Ordinal);
        string reason = ReaderAdvice().Replace(pathNote > 0 ? message[..pathNote] : message, "");
        // A syntax error: where it is in the file (System.Text.Json counts lines and bytes from 0).
        if (error.InnerException?.GetType().Name == "JsonReaderException" && error.LineNumber is { } line && error.BytePositionInLine is { } column)
            reason = $"line {line + 1}, column {column + 1}: {reason}";
        return new CaviarValidationException(path.Length == 0 ? "spec" : path, reason);
    }

    /// <summary>
    /// The serializer reports a polymorphic object without its "type" as NotSupportedException; null if
    /// <paramref name="error"/> is something else.
    /// </summary>
    public static CaviarValidationException? ToValidation(NotSupportedException error)
    {
        if (!error.Message.Contains("must specify a type discriminator", StringComparison.Ordinal)) return null;
        var path = PathNote().Match(error.Message);
        return new CaviarValidationException(Join(path.Success ? Field(path.Groups[1].Value) : "", "type"), "is required");
    }

    private static string Field(string? jsonPath) => (jsonPath ?? "$").TrimStart('$').TrimStart('.');

    /// <summary>
    /// What a value of <paramref name="typeName"/> must be. An object read through its constructor (a range) is named
    /// instead of the member that failed: then the member's type, found by <paramref name="field"/>, its JSON name.
    /// </summary>
    private static string Expected(string typeName, string field)
    {
        string inner = NullableOf().Match(typeName) is { Success: true } nullable ? nullable.Groups[1].Value : typeName;
        if (FindType(inner) is { IsClass: true } owner && owner != typeof(string) && MemberType(owner, field) is { } member)
            inner = (Nullable.GetUnderlyingType(member) ?? member).FullName ?? inner;
        return inner switch
        {
            "System.Int32" or "System.Int64" => "must be a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "must be a number",
            "System.Boolean" => "must be true or false",
            "System.String" => "must be a string",
            _ when FindEnum(inner) is { } enumType => $"must be one of {string.Join(", ", Enum.GetNames(enumType))}",
            _ when inner.Contains("List`1", StringComparison.Ordinal) => "must be a list",
            _ => "has the wrong kind of value",
        };
    }

    private static Type? FindEnum(string name) => FindType(name) is { IsEnum: true } type ? type : null;

    private static Type? FindType(string name) => AppDomain.CurrentDomain.GetAssemblies()
        .Select(assembly => assembly.GetType(name, throwOnError: false)).FirstOrDefault(type => type is not null);

    /// <summary>The type of <paramref name="owner"/>'s property whose camelCase name is <paramref name="field"/>.</summary>
    private static Type? MemberType(Type owner, string field) => owner.GetProperties()
        .FirstOrDefault(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == field)?.PropertyType;

    /// <summary>The last name of a field path: "minValue" of "hyperParameterRanges[0].minValue".</summary>
    private static string LastName(string path) => path[(path.LastIndexOf('.') + 1)..];

    private static string Join(string path, string name) =>
        path.Length == 0 || path.EndsWith(name, StringComparison.Ordinal) ? (path.Length == 0 ? name : path)
        : $"{path}.{name}";

    /// <summary>.NET's advice on a syntax error, about its reader's options rather than the file.</summary>
    [GeneratedRegex(@"\s*which is not supported in this mode\.\s*Change the reader options\.")]
    private static partial Regex ReaderAdvice();

    [GeneratedRegex("JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("unrecognized type discriminator id '([^']*)'")]
    private static partial Regex UnknownDiscriminator();

    [GeneratedRegex(@"could not be converted to ([^\s]+?)\.?(\s|$)")]
    private static partial Regex Conversion();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"Path: (\$[^\s|]*)")]
    private static partial Regex PathNote();
}
