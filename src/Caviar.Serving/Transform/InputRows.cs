using System.Globalization;
using System.Text.Json;
using Caviar.Algorithms.Tabular;
using Caviar.Serving.Protocols;
using Caviar.Validation;

namespace Caviar.Serving.Transform;

/// <summary>
/// The rows of one batch-transform input, read in order: CSV (a first line that is not all numbers is a header and
/// skipped), JSON lines (one array of numbers per line), or Parquet (every numeric column). A row that is not
/// <c>features</c> numbers is refused, naming the file and, for CSV and JSON lines, the line as an editor counts
/// lines (from 1, header and blank lines included), for Parquet the row.
/// </summary>
internal static class InputRows
{
    public static readonly string[] Extensions = [".csv", ".jsonl", ".parquet"];

    public static bool IsInput(string path) => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>A row and where it is: <c>line N</c> of a text file, <c>row N</c> of a Parquet file.</summary>
    private sealed record Located(float[] Values, string Where);

    public static IEnumerable<float[]> Read(string path, int features)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        var rows = extension switch
        {
            ".csv" => Csv(path),
            ".jsonl" => JsonLines(path),
            ".parquet" => ParquetTable.Read(path).Rows.Select((r, i) => new Located(r.Select(v => (float)v).ToArray(), $"row {i + 1}")),
            _ => throw new CaviarValidationException("--input", $"{path}: not .csv, .jsonl or .parquet"),
        };
        foreach (var row in rows)
        {
            if (row.Values.Length != features)
                throw new CaviarValidationException("--input", $"{path} {row.Where} has {row.Values.Length} values; the model takes {features}");
            yield return row.Values;
        }
    }

    private static IEnumerable<Located> Csv(string path)
    {
        int line = 0;
        bool first = true;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Trim().Length == 0) continue;
            var cells = text.Split(',');
            var values = new float[cells.Length];
            bool numeric = true;
            for (int c = 0; c < cells.Length && numeric; c++)
                numeric = float.TryParse(cells[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[c]);
            if (numeric) yield return new Located(values, $"line {line}");
            else if (!first)
                throw new CaviarValidationException("--input", $"{path} line {line}: '{CsvRows.Shorten(text)}' is not all numbers");
            first = false;
        }
    }

    private static IEnumerable<Located> JsonLines(string path)
    {
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Trim().Length == 0) continue;
            var values = new List<float>();
            try
            {
                using var document = JsonDocument.Parse(text);
                JsonNumbers.Flatten(document.RootElement, values, $"line {line}");
            }
            catch (JsonException error)
            {
                throw new CaviarValidationException("--input", $"{path} line {line} is not JSON: {error.Message}");
            }
            catch (Http.InferenceException error)
            {
                throw new CaviarValidationException("--input", $"{path} {error.Message}");
            }
            yield return new Located(values.ToArray(), $"line {line}");
        }
    }
}
