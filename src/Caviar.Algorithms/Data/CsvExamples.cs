using Caviar.Algorithms.Tabular;

namespace Caviar.Algorithms.Data;

/// <summary>
/// A numeric table (CSV or Parquet, see <see cref="TabularData"/>) as labeled examples for the neural algorithms:
/// the label column holds class numbers.
/// </summary>
public static class CsvExamples
{
    public static LabeledExamples Load(string path, string? labelColumn = null)
    {
        var table = TabularData.Load(path, labelColumn);
        return new LabeledExamples(table.Features.SelectMany(f => f).ToArray(), table.Labels.Select(l => (long)l).ToArray(),
            table.FeatureNames.Length, null);
    }
}
