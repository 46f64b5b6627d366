using System.Text.RegularExpressions;
using Caviar.Validation;

namespace Caviar.Containers;

/// <summary>Image references as the engine takes them (<c>local/my-algo:1</c>, <c>registry:5000/x/y@sha256:…</c>).</summary>
public static partial class ImageNames
{
    /// <summary>Refuses a reference that is empty, too long, or could be read as an option (a leading '-').</summary>
    public static void Ensure(string? image, string field)
    {
        if (string.IsNullOrWhiteSpace(image))
            throw new CaviarValidationException(field, "must name an image, e.g. local/my-algo:1");
        if (image.Length > 255 || !Reference().IsMatch(image))
            throw new CaviarValidationException(field,
                $"'{image}' is not an image reference (letters, digits and . _ - / : @, starting with a letter or digit)");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/:@-]*$")]
    private static partial Regex Reference();
}
