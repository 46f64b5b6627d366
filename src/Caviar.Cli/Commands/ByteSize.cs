using System.Globalization;
using Caviar.Validation;

namespace Caviar.Cli.Commands;

/// <summary>Sizes given as bytes or with a KB/MB/GB suffix (powers of 1024): 8MB, 512KB, 1000000.</summary>
internal static class ByteSize
{
    public static long Parse(string text, string field)
    {
        string t = text.Trim().ToUpperInvariant();
        long unit = t.EndsWith("GB", StringComparison.Ordinal) ? 1L << 30 : t.EndsWith("MB", StringComparison.Ordinal) ? 1L << 20
            : t.EndsWith("KB", StringComparison.Ordinal) ? 1L << 10 : 1;
        if (unit > 1) t = t[..^2];
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count < 1)
            throw new CaviarValidationException(field, $"'{text}' is not a size such as 8MB, 512KB or 1000000");
        return checked(count * unit);
    }
}
