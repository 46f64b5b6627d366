using System.Text.RegularExpressions;
using Caviar.Validation;

namespace Caviar.Jobs.Specs;

/// <summary>Names that become directory names or variable names: no path can escape through them.</summary>
public static partial class SafeNames
{
    public static void EnsureJobName(string? name, string field)
    {
        if (name is null || !JobName().IsMatch(name))
            throw new CaviarValidationException(field,
                "must be 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit");
    }

    public static void EnsureChannelName(string? name, string field)
    {
        if (name is null || !ChannelName().IsMatch(name))
            throw new CaviarValidationException(field, "must be 1-63 letters, digits, '_' or '-', starting with a letter");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex JobName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,62}$")]
    private static partial Regex ChannelName();
}
