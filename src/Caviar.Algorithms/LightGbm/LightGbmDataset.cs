namespace Caviar.Algorithms.LightGbm;

/// <summary>
/// A LightGBM Dataset built from a dense row-major matrix of float features, with float labels. A validation set is
/// built with the training set as its reference, so both share the training set's bins.
/// </summary>
public sealed class LightGbmDataset : IDisposable
{
    internal DatasetHandle Handle { get; }

    public int Rows { get; }
    public int Columns { get; }

    private LightGbmDataset(DatasetHandle handle, int rows, int columns) => (Handle, Rows, Columns) = (handle, rows, columns);

    /// <summary>Bins the rows (LightGBM copies them) and sets the labels.</summary>
    public static LightGbmDataset FromRows(float[][] rows, float[] labels, LightGbmParameters parameters, LightGbmDataset? reference = null)
    {
        if (rows.Length != labels.Length) throw new ArgumentException($"{rows.Length} rows but {labels.Length} labels");
        if (rows.Length == 0) throw new ArgumentException("a LightGBM dataset needs at least one row");
        int columns = rows[0].Length;
        var matrix = Flatten(rows, columns);
        bool added = false;
        try
        {
            reference?.Handle.DangerousAddRef(ref added);
            LightGbmNative.Check(LightGbmNative.LGBM_DatasetCreateFromMat(matrix, LightGbmNative.Float32, rows.Length, columns, 1,
                parameters.ToString(), reference?.Handle.DangerousGetHandle() ?? IntPtr.Zero, out var handle), "LGBM_DatasetCreateFromMat");
            var dataset = new LightGbmDataset(handle, rows.Length, columns);
            LightGbmNative.Check(LightGbmNative.LGBM_DatasetSetField(handle, "label", labels, labels.Length, LightGbmNative.Float32),
                "LGBM_DatasetSetField(label)");
            return dataset;
        }
        finally
        {
            if (added) reference!.Handle.DangerousRelease();
        }
    }

    /// <summary>The rows at <paramref name="indices"/> (ascending), binned as this set is, with their labels.</summary>
    public LightGbmDataset Subset(IReadOnlyList<int> indices, LightGbmParameters parameters)
    {
        if (indices.Count == 0) throw new ArgumentException("a LightGBM dataset needs at least one row");
        LightGbmNative.Check(LightGbmNative.LGBM_DatasetGetSubset(Handle, indices.ToArray(), indices.Count, parameters.ToString(), out var handle),
            "LGBM_DatasetGetSubset");
        return new LightGbmDataset(handle, indices.Count, Columns);
    }

    internal static float[] Flatten(float[][] rows, int columns)
    {
        var matrix = new float[(long)rows.Length * columns];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i].Length != columns) throw new ArgumentException($"row {i} has {rows[i].Length} values, not {columns}");
            rows[i].CopyTo(matrix, (long)i * columns);
        }
        return matrix;
    }

    public void Dispose() => Handle.Dispose();
}
