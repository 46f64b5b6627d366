namespace Caviar.Algorithms.Data;

/// <summary>
/// MNIST-layout image sets (train-images-idx3-ubyte[.gz] and so on) in a folder, such as Debian's
/// dataset-fashion-mnist in /usr/share/datasets/fashion-mnist. Pixels are scaled to [0, 1].
/// </summary>
public static class ImageDataSets
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the files.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    public static bool HasIdx(string directory, string prefix) => Find(directory, $"{prefix}-images-idx3-ubyte") is not null;

    /// <summary>Reads the "train" or "t10k" (test) part of an MNIST-layout folder.</summary>
    public static LabeledExamples Load(string directory, string prefix)
    {
        var images = IdxFile.Read(Find(directory, $"{prefix}-images-idx3-ubyte")
                                  ?? throw new FileNotFoundException($"no {prefix}-images-idx3-ubyte in {directory}"));
        var labels = IdxFile.Read(Find(directory, $"{prefix}-labels-idx1-ubyte")
                                  ?? throw new FileNotFoundException($"no {prefix}-labels-idx1-ubyte in {directory}"));
        if (images.Shape.Length != 3 || labels.Shape[0] != images.Shape[0])
            throw new InvalidDataException($"{directory}: images and labels of {prefix} do not match");
        int rows = images.Shape[1], columns = images.Shape[2];
        var values = new float[images.Data.Length];
        for (int i = 0; i < values.Length; i++) values[i] = images.Data[i] / 255f;
        return new LabeledExamples(values, labels.Data.Select(b => (long)b).ToArray(), rows * columns, [1, rows, columns]);
    }

    private static string? Find(string directory, string name) =>
        new[] { name, name + ".gz" }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);
}
