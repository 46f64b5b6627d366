namespace Caviar.Cli.Output;

/// <summary>RFC 4180 rows: comma-separated, quoted when a cell holds a comma, quote or line break, CRLF-ended.</summary>
internal static class CsvRows
{
    public static void Write(TextWriter writer, IEnumerable<string> cells) =>
        writer.Write(string.Join(",", cells.Select(Quote)) + "\r\n");

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
