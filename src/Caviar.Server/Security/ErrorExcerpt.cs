using System.Text;

namespace Caviar.Server.Security;

/// <summary>
/// Error text as the API sends it: a run of more than <see cref="MaxRun"/> characters without white space (a quoted
/// piece of input, usually) is cut to its first <see cref="RunExcerpt"/> characters and its length, and the whole text
/// to at most about <see cref="MaxLength"/> characters (its start and its end), so a reply never echoes a large body.
/// </summary>
internal static class ErrorExcerpt
{
    /// <summary>The longest run without white space kept whole: room for a long file path.</summary>
    public const int MaxRun = 200;

    /// <summary>How much of a longer run is quoted.</summary>
    public const int RunExcerpt = 40;

    /// <summary>The longest error text sent (plus a few characters of ellipsis).</summary>
    public const int MaxLength = 1000;

    private const int Tail = 200;

    public static string Shorten(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var shortened = new StringBuilder();
        int runStart = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !char.IsWhiteSpace(text[i])) continue;
            int run = i - runStart;
            if (run > MaxRun) shortened.Append(Cut(text, runStart, RunExcerpt)).Append($"…({run} characters)");
            else shortened.Append(text, runStart, run);
            if (i < text.Length) shortened.Append(text[i]);
            runStart = i + 1;
        }
        string result = shortened.ToString();
        return result.Length <= MaxLength ? result
            : $"{Cut(result, 0, MaxLength - Tail)}…{Cut(result, result.Length - Tail, Tail)}";
    }

    /// <summary>A substring that does not split a surrogate pair (JSON cannot encode half of one).</summary>
    private static string Cut(string text, int start, int length)
    {
        if (start > 0 && char.IsLowSurrogate(text[start])) { start++; length--; }
        if (length > 0 && char.IsHighSurrogate(text[start + length - 1])) length--;
        return text.Substring(start, length);
    }
}
