using Microsoft.ML;
using Microsoft.ML.Data;

namespace Caviar.Algorithms.Tabular;

/// <summary>Tabular data as ML.NET data views: a Features vector of the table's width and a Label.</summary>
public static class MlDataViews
{
    public sealed class BinaryRow
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    public sealed class NumericRow
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    public static IDataView Binary(MLContext ml, TabularData data, Func<double, bool> positive) =>
        ml.Data.LoadFromEnumerable(data.Features.Select((f, i) => new BinaryRow { Features = f, Label = positive(data.Labels[i]) }),
            Schema<BinaryRow>(data));

    public static IDataView Numeric(MLContext ml, TabularData data) =>
        ml.Data.LoadFromEnumerable(data.Features.Select((f, i) => new NumericRow { Features = f, Label = (float)data.Labels[i] }),
            Schema<NumericRow>(data));

    private static SchemaDefinition Schema<T>(TabularData data)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.FeatureNames.Length);
        return schema;
    }
}
