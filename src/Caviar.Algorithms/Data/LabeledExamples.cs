namespace Caviar.Algorithms.Data;

/// <summary>
/// Examples as one flat float array (row-major, <see cref="Features"/> per example) with integer labels; images keep
/// their shape in <see cref="ImageShape"/> (channels, rows, columns) so convolutional networks can use it.
/// </summary>
public sealed record LabeledExamples(float[] Values, long[] Labels, int Features, int[]? ImageShape)
{
    public int Count => Labels.Length;

    public int Classes => (int)Labels.Max() + 1;

    /// <summary>The examples at <paramref name="indices"/>, in that order.</summary>
    public LabeledExamples Take(IReadOnlyList<int> indices)
    {
        var values = new float[indices.Count * Features];
        var labels = new long[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Array.Copy(Values, (long)indices[i] * Features, values, (long)i * Features, Features);
            labels[i] = Labels[indices[i]];
        }
        return this with { Values = values, Labels = labels };
    }

    public LabeledExamples First(int count) => Take(Enumerable.Range(0, Math.Min(count, Count)).ToArray());
}
