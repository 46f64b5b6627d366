using Caviar.Algorithms.Tabular;
using Caviar.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace Caviar.Tests.Algorithms;

public class ParquetDataTests
{
    private static async Task WriteParquet(string path, int rows, int seed)
    {
        var random = new Random(seed);
        var x1 = new double[rows];
        var x2 = new float[rows];
        var label = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            x1[i] = random.NextDouble();
            x2[i] = (float)random.NextDouble();
            label[i] = x1[i] + x2[i] > 1 ? 1 : 0;
        }
        var schema = new ParquetSchema(new DataField<double>("x1"), new DataField<float>("x2"), new DataField<int>("label"));
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        // Two row groups, to read across them.
        foreach (var (start, count) in new[] { (0, rows / 2), (rows / 2, rows - rows / 2) })
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(schema.DataFields[0], x1.AsMemory(start, count));
            await group.WriteAsync<float>(schema.DataFields[1], x2.AsMemory(start, count));
            await group.WriteAsync<int>(schema.DataFields[2], label.AsMemory(start, count));
        }
    }

    [Fact]
    public async Task A_parquet_table_is_read_across_row_groups_and_trains_gbt()
    {
        using var dir = new TempDirectory();
        await WriteParquet(dir.File("train.parquet"), 1200, 1);
        await WriteParquet(dir.File("validation.parquet"), 400, 2);

        var train = TabularData.Load(dir.File("train.parquet"), "label");
        Assert.Equal(1200, train.Count);
        Assert.Equal(["x1", "x2"], train.FeatureNames);
        Assert.Equal(TabularTask.Binary, train.InferTask());
        var metrics = new GradientBoostedTrees(new TabularSettings { Iterations = 30, Threads = 2 }, TextWriter.Null)
            .Train(train, TabularData.Load(dir.File("validation.parquet"), "label"), TabularTask.Binary, dir.File("model"));
        Assert.True(metrics["val_accuracy"] > 0.93);
    }
}
