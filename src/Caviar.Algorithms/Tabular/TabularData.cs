using System.Globalization;

namespace Caviar.Algorithms.Tabular;

/// <summary>The learning task of a tabular data set.</summary>
public enum TabularTask { Binary, Multiclass, Regression }

/// <summary>
/// A numeric table — CSV with a header line, or Parquet; a folder means every *.csv and *.parquet in it, in name
/// order — split into features and a label: the column named by label_column, else the last one.
/// </summary>
public sealed record TabularData(float[][] Features, double[] Labels, string[] FeatureNames)
{
    public int Count => Labels.Length;

    public static TabularData Load(string path, string? labelColumn)
    {
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path).Where(f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".parquet", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToArray()
            : [path];
        var features = new List<float[]>();
        var labels = new List<double>();
        string[] names = [];
        foreach (var file in files)
        {
            var (header, rows) = file.EndsWith(".parquet", StringComparison.Ordinal) ? ParquetTable.Read(file) : ReadCsv(file);
            int label = labelColumn is null ? header.Length - 1 : Array.IndexOf(header, labelColumn);
            if (label < 0)
                throw new Validation.CaviarValidationException("hyperParameters.label_column", $"no column '{labelColumn}' in {file}");
            names = header.Where((_, i) => i != label).ToArray();
            foreach (var cells in rows)
            {
                labels.Add(cells[label]);
                features.Add(cells.Where((_, i) => i != label).Select(v => (float)v).ToArray());
            }
        }
        return new TabularData(features.ToArray(), labels.ToArray(), names);
    }

    private static (string[] Header, IEnumerable<double[]> Rows) ReadCsv(string file)
    {
        var lines = File.ReadLines(file).Where(l => l.Trim().Length > 0).ToList();
        return (lines[0].Split(','),
            lines.Skip(1).Select(line => line.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()));
    }

    /// <summary>Binary for labels 0/1, multiclass for few whole-number labels, regression otherwise.</summary>
    public TabularTask InferTask()
    {
        var distinct = Labels.Distinct().ToList();
        if (distinct.All(v => v is 0 or 1)) return TabularTask.Binary;
        return distinct.All(v => v >= 0 && v == Math.Floor(v)) && distinct.Count <= 100 ? TabularTask.Multiclass : TabularTask.Regression;
    }

    public TabularData Take(IReadOnlyList<int> indices) =>
        new(indices.Select(i => Features[i]).ToArray(), indices.Select(i => Labels[i]).ToArray(), FeatureNames);
}
