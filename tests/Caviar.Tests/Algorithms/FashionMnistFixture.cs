using Caviar.Algorithms.Data;

namespace Caviar.Tests.Algorithms;

/// <summary>Fashion-MNIST from Debian's dataset-fashion-mnist, read once for all tests that share it.</summary>
public sealed class FashionMnistFixture
{
    public LabeledExamples Train { get; } = ImageDataSets.Load(ImageDataSets.FashionMnistDirectory, "train");
    public LabeledExamples Test { get; } = ImageDataSets.Load(ImageDataSets.FashionMnistDirectory, "t10k");
}

[CollectionDefinition(Name)]
public sealed class FashionMnistCollection : ICollectionFixture<FashionMnistFixture>
{
    public const string Name = "fashion-mnist";
}
