using Caviar.Algorithms.Tabular;
using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

/// <summary>
/// A linear and a gbt model trained once on a small binary table (x1 + x2 &gt; 1, three features), with rows to
/// score, shared by the serving tests.
/// </summary>
public sealed class TabularModels : IDisposable
{
    private readonly TempDirectory directory = new();

    public string LinearDirectory => directory.File("linear");
    public string GbtDirectory => directory.File("gbt");
    public string LinearOnnx => Path.Combine(LinearDirectory, "model.onnx");
    public string GbtOnnx => Path.Combine(GbtDirectory, "model.onnx");

    /// <summary>Rows to score: 40 of the table's distribution.</summary>
    public TabularData Rows { get; } = Table(40, 99);

    public TabularModels()
    {
        var train = Table(600, 1);
        var validation = Table(200, 2);
        new LinearLearner(new TabularSettings { Epochs = 3 }, TextWriter.Null).Train(train, validation, TabularTask.Binary, LinearDirectory);
        new GradientBoostedTrees(new TabularSettings { Iterations = 20, Threads = 2 }, TextWriter.Null).Train(train, validation, TabularTask.Binary, GbtDirectory);
    }

    public static TabularData Table(int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows][];
        var labels = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            features[i] = [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()];
            labels[i] = features[i][0] + features[i][1] > 1 ? 1 : 0;
        }
        return new TabularData(features, labels, ["x1", "x2", "x3"]);
    }

    public string Csv(int from, int count) => string.Join("\n", Rows.Features.Skip(from).Take(count)
        .Select(r => string.Join(",", r.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));

    public void Dispose() => directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TabularModelsCollection : ICollectionFixture<TabularModels>
{
    public const string Name = "serving-tabular-models";
}
