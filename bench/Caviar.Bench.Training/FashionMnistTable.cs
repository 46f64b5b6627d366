using Caviar.Algorithms.Data;
using Caviar.Algorithms.Tabular;

namespace Caviar.Bench.Training;

/// <summary>Fashion-MNIST as a table for gbt: 784 pixel features (value / 255, as the XGBoost side reads them), the class as label.</summary>
public static class FashionMnistTable
{
    public static TabularData Load(string prefix)
    {
        var images = ImageDataSets.Load(ImageDataSets.FashionMnistDirectory, prefix);
        var rows = new float[images.Count][];
        for (int i = 0; i < images.Count; i++) rows[i] = images.Values.AsSpan(i * images.Features, images.Features).ToArray();
        return new TabularData(rows, [.. images.Labels.Select(l => (double)l)], [.. Enumerable.Range(0, images.Features).Select(p => $"pixel{p}")]);
    }
}
