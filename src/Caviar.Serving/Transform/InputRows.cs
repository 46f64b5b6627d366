using System.Globalization;
using System.Text.Json;
using Caviar.Algorithms.Tabular;
using Caviar.Serving.Protocols;
using Caviar.Validation;

namespace Caviar.Serving.Transform;

/// <summary>
/// The rows of one batch-transform input, read in order: CSV (a first line that is not all numbers is a header and
/// skipped), JSON lines (one array of numbers per line), or Parquet (every numeric column). A row that is not
/// <c>features</c> numbers is refused, naming the file and row.
/// </summary>
internal static class InputRows
{
    public static readonly string[] Extensions = [".csv", ".jsonl", ".parquet"];

    public static bool IsInput(string path) => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<float[]> Read(string path, int features)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        var rows = extension switch
        {
            ".csv" => Csv(path),
            ".jsonl" => JsonLines(path),
            ".parquet" => ParquetTable.Read(path).Rows.Select(r => r.Select(v => (float)v).ToArray()),
            _ => throw new CaviarValidationException("--input", $"{path}: not .csv, .jsonl or .parquet"),
        };
        int number = 0;
        foreach (var row in rows)
        {
            number++;
            if (row.Length != features)
                throw new CaviarValidationException("--input", $"{path} row {number} has {row.Length} values; the model takes {features}");
            yield return row;
        }
    }

    private static IEnumerable<float[]> Csv(string path)
    {
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Trim().Length == 0) continue;
            number++;
            var cells = line.Split(',');
            var values = new float[cells.Length];
            bool numeric = true;
            for (int c = 0; c < cells.Length && numeric; c++)
                numeric = float.TryParse(cells[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[c]);
            if (numeric) yield return values;
            else if (number > 1)
                throw new CaviarValidationException("--input", $"{path} row {number}: '{CsvRows.Shorten(line)}' is not all numbers");
        }
    }

    private static IEnumerable<float[]> JsonLines(string path)
    {
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Trim().Length == 0) continue;
            number++;
            var values = new List<float>();
            try
            {
                using var document = JsonDocument.Parse(line);
                JsonNumbers.Flatten(document.RootElement, values, $"row {number}");
            }
            catch (Exception error) when (error is JsonException or Http.InferenceException)
            {
                throw new CaviarValidationException("--input", $"{path} row {number}: {error.Message}");
            }
            yield return values.ToArray();
        }
    }
}
