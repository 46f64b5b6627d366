using System.Globalization;
using Caviar.Validation;

namespace Caviar.SearchSpaces;

/// <summary>
/// The rule for names of hyperparameters and metrics: 1 to <see cref="MaxLength"/> printable characters — no control,
/// format or line-separator characters, not only spaces — so a name shows the same in a table, a CSV or a log.
/// </summary>
public static class ParameterNames
{
    /// <summary>The longest name allowed, in characters: 128.</summary>
    public const int MaxLength = 128;

    public static void Ensure(string? name, string field)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new CaviarValidationException(field, "must not be empty");
        if (name.Length > MaxLength)
            throw new CaviarValidationException(field, $"is {name.Length} characters long; at most {MaxLength} are allowed");
        for (int i = 0; i < name.Length; i++)
        {
            if (!IsPrintable(name, i))
                throw new CaviarValidationException(field,
                    $"contains the unprintable character U+{(int)name[i]:X4} at position {i}; use printable characters only");
            if (char.IsHighSurrogate(name[i])) i++;
        }
    }

    private static bool IsPrintable(string text, int index)
    {
        if (char.IsSurrogate(text[index])) return char.IsSurrogatePair(text, index);
        return CharUnicodeInfo.GetUnicodeCategory(text[index]) is not (UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.PrivateUse);
    }
}
