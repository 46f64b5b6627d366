using System.Globalization;
using System.Text;
using Caviar.Serving.Http;

namespace Caviar.Serving.Protocols;

/// <summary>
/// <c>text/csv</c> bodies: one row of features per line, no header (as SageMaker's containers take them); blank
/// lines are skipped. Every refusal names the row (and column) counted from 1.
/// </summary>
internal static class CsvRows
{
    public static FeatureRows Parse(ReadOnlySpan<byte> body, int features)
    {
        string text = Encoding.UTF8.GetString(body);
        var values = new List<float>();
        int rows = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            rows++;
            var cells = line.Split(',');
            if (cells.Length != features)
                throw new InferenceException(400, $"row {rows} has {cells.Length} values; the model takes {features}");
            for (int c = 0; c < cells.Length; c++)
            {
                if (!float.TryParse(cells[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
                    throw new InferenceException(400, $"row {rows}, column {c + 1}: '{Shorten(cells[c])}' is not a number");
                values.Add(value);
            }
        }
        if (rows == 0) throw new InferenceException(400, "the body holds no rows");
        return new FeatureRows(values.ToArray(), rows);
    }

    public static string Shorten(string cell) => cell.Length <= 40 ? cell : cell[..40] + "…";
}
