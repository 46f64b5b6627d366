using System.Globalization;

namespace Caviar.Algorithms.Data;

/// <summary>
/// Numeric CSV with a header line as labeled examples: the label is the column named <c>labelColumn</c>, or the last
/// column; every other column is a feature. A folder means every *.csv in it, in name order.
/// </summary>
public static class CsvExamples
{
    public static LabeledExamples Load(string path, string? labelColumn = null)
    {
        var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.csv").Order(StringComparer.Ordinal).ToArray() : [path];
        var values = new List<float>();
        var labels = new List<long>();
        int features = -1;
        foreach (var file in files)
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read));
            var header = (reader.ReadLine() ?? "").Split(',');
            int label = labelColumn is null ? header.Length - 1 : Array.IndexOf(header, labelColumn);
            if (label < 0) throw new Validation.CaviarValidationException("hyperParameters.label_column", $"no column '{labelColumn}' in {file}");
            features = header.Length - 1;
            while (reader.ReadLine() is { } line)
            {
                if (line.Trim().Length == 0) continue;
                var cells = line.Split(',');
                for (int c = 0; c < cells.Length; c++)
                {
                    double v = double.Parse(cells[c], CultureInfo.InvariantCulture);
                    if (c == label) labels.Add((long)v);
                    else values.Add((float)v);
                }
            }
        }
        return new LabeledExamples(values.ToArray(), labels.ToArray(), features, null);
    }
}
