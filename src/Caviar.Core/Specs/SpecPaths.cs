using Caviar.Validation;

namespace Caviar.Specs;

/// <summary>
/// The spec layer's side of "the core speaks its own language": the core refuses an argument under its own name (a
/// parameter such as <c>minResource</c>), and the spec layer, which knows where that value sits in the JSON file,
/// renames the field to the spec's path (<c>hyperband.minResource</c>) so the user reads the field they wrote.
/// </summary>
public static class SpecPaths
{
    /// <summary>Runs <paramref name="build"/>; a refusal's fields are moved under <paramref name="path"/>.</summary>
    public static T Under<T>(string path, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (CaviarValidationException refused)
        {
            throw refused.WithFields(field => Join(path, field));
        }
    }

    /// <summary>Runs <paramref name="check"/>; a refusal's fields are renamed through <paramref name="pathOf"/> (names it does not know stay).</summary>
    public static void Renamed(Action check, IReadOnlyDictionary<string, string> pathOf)
    {
        try
        {
            check();
        }
        catch (CaviarValidationException refused)
        {
            throw refused.WithFields(field => pathOf.TryGetValue(field, out var path) ? path : field);
        }
    }

    /// <summary>"a" + "b" = "a.b"; an empty side is left out.</summary>
    public static string Join(string path, string field) =>
        path.Length == 0 ? field : field.Length == 0 ? path : $"{path}.{field}";
}
