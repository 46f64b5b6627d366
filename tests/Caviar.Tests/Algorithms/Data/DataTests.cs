using Caviar.Algorithms.Data;

namespace Caviar.Tests.Algorithms;

[Collection(FashionMnistCollection.Name)]
public class DataTests(FashionMnistFixture data)
{
    [Fact]
    public void Reads_fashion_mnist_from_the_debian_package()
    {
        Assert.Equal(60000, data.Train.Count);
        Assert.Equal(10000, data.Test.Count);
        Assert.Equal(784, data.Train.Features);
        Assert.Equal([1, 28, 28], data.Train.ImageShape!);
        Assert.Equal(10, data.Train.Classes);
        Assert.All(Enumerable.Range(0, 10), c => Assert.InRange(data.Train.Labels.Count(l => l == c), 5900, 6100));
        Assert.InRange(data.Train.Values.Max(), 0.99f, 1f);
        Assert.Equal(0f, data.Train.Values.Min());
    }

    [Fact]
    public void The_split_is_seeded_disjoint_and_complete()
    {
        var (train, validation) = DataSplit.Indices(1000, 0.2, seed: 4);
        Assert.Equal(800, train.Length);
        Assert.Equal(200, validation.Length);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(Enumerable.Range(0, 1000), train.Concat(validation).Order());
        Assert.Equal(validation, DataSplit.Indices(1000, 0.2, seed: 4).Validation);
        Assert.NotEqual(validation, DataSplit.Indices(1000, 0.2, seed: 5).Validation);
    }

    [Fact]
    public void Batches_cover_the_epoch_once_in_an_order_fixed_by_seed_and_epoch()
    {
        Caviar.Algorithms.Native.TorchSharpNative.EnsureLoadable();
        var examples = data.Train.First(300);
        using var stream = new BatchStream(examples, 64, null);
        long[] LabelsOf(int seed, int epoch) => stream.Epoch(seed, epoch)
            .SelectMany(b => { var labels = b.Labels.data<long>().ToArray(); b.Inputs.Dispose(); b.Labels.Dispose(); return labels; })
            .ToArray();
        var first = LabelsOf(1, 3);
        Assert.Equal(300, first.Length);
        Assert.Equal(examples.Labels.Order(), first.Order());
        Assert.Equal(first, LabelsOf(1, 3));
        Assert.NotEqual(first, LabelsOf(1, 4));
    }
}
