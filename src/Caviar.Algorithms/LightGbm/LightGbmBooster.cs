using System.Runtime.InteropServices;
using System.Text;

namespace Caviar.Algorithms.LightGbm;

/// <summary>
/// A LightGBM Booster: trained one iteration at a time on a training set, with validation sets whose metrics
/// (the parameter string's <c>metric</c>) LightGBM keeps up to date as trees are added; or loaded from a text
/// model for prediction.
/// </summary>
public sealed class LightGbmBooster : IDisposable
{
    private readonly BoosterHandle _handle;
    private readonly List<LightGbmDataset> _validation = [];

    private LightGbmBooster(BoosterHandle handle) => _handle = handle;

    public static LightGbmBooster Create(LightGbmDataset train, LightGbmParameters parameters)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterCreate(train.Handle, parameters.ToString(), out var handle), "LGBM_BoosterCreate");
        return new LightGbmBooster(handle);
    }

    /// <summary>Loads a model saved in LightGBM's text format.</summary>
    public static LightGbmBooster Load(string modelFile)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterCreateFromModelfile(modelFile, out _, out var handle), "LGBM_BoosterCreateFromModelfile");
        return new LightGbmBooster(handle);
    }

    /// <summary>Adds a validation set; its metrics are read with <see cref="Evaluate"/> at index 1, 2, …</summary>
    public void AddValidation(LightGbmDataset validation)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterAddValidData(_handle, validation.Handle), "LGBM_BoosterAddValidData");
        _validation.Add(validation);
    }

    /// <summary>
    /// Grows one iteration's trees (one per class for multiclass). False when LightGBM could not split any tree any
    /// more (no leaf meets the split requirements): the iteration was not added and training is over.
    /// </summary>
    public bool UpdateOneIteration()
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterUpdateOneIter(_handle, out int finished), "LGBM_BoosterUpdateOneIter");
        return finished == 0;
    }

    public int CurrentIteration
    {
        get
        {
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetCurrentIteration(_handle, out int iteration), "LGBM_BoosterGetCurrentIteration");
            return iteration;
        }
    }

    public int Classes
    {
        get
        {
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetNumClasses(_handle, out int classes), "LGBM_BoosterGetNumClasses");
            return classes;
        }
    }

    /// <summary>The metric names, in the order <see cref="Evaluate"/> returns their values.</summary>
    public string[] MetricNames()
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEvalCounts(_handle, out int count), "LGBM_BoosterGetEvalCounts");
        const int bufferLength = 256;
        var buffers = Enumerable.Range(0, count).Select(_ => Marshal.AllocHGlobal(bufferLength)).ToArray();
        try
        {
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEvalNames(_handle, count, out int written, bufferLength, out _, buffers),
                "LGBM_BoosterGetEvalNames");
            return buffers.Take(written).Select(b => Marshal.PtrToStringUTF8(b) ?? "").ToArray();
        }
        finally
        {
            foreach (var buffer in buffers) Marshal.FreeHGlobal(buffer);
        }
    }

    /// <summary>The metrics on data set <paramref name="dataIndex"/> (0 training, 1 the first validation set) now.</summary>
    public double[] Evaluate(int dataIndex)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEvalCounts(_handle, out int count), "LGBM_BoosterGetEvalCounts");
        var values = new double[count];
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEval(_handle, dataIndex, out int written, values), "LGBM_BoosterGetEval");
        return values[..written];
    }

    /// <summary>
    /// The first <paramref name="iterations"/> iterations (all for 0) in LightGBM's text format: what gbt writes to
    /// model.txt, and what <see cref="LightGbmTextModel"/> reads.
    /// </summary>
    public string ModelText(int iterations = 0)
    {
        // LightGBM writes the whole model to find its length: one call with a buffer that usually fits, a second only when not.
        var buffer = new byte[1 << 20];
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterSaveModelToString(_handle, 0, iterations, LightGbmNative.ImportanceSplit, buffer.Length,
            out long length, buffer), "LGBM_BoosterSaveModelToString");
        if (length > buffer.Length)
        {
            buffer = new byte[length];
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterSaveModelToString(_handle, 0, iterations, LightGbmNative.ImportanceSplit, length,
                out length, buffer), "LGBM_BoosterSaveModelToString");
        }
        return Encoding.UTF8.GetString(buffer, 0, (int)length - 1);   // without the terminating NUL
    }

    /// <summary>
    /// Predictions for the rows, row-major: one value per row (binary: P(1); regression: the value) or one per class
    /// (multiclass probabilities); raw scores before the sigmoid/softmax when <paramref name="raw"/>.
    /// </summary>
    public double[] Predict(float[][] rows, bool raw = false, int threads = 1)
    {
        int columns = rows.Length == 0 ? 0 : rows[0].Length;
        int type = raw ? LightGbmNative.PredictRawScore : LightGbmNative.PredictNormal;
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterCalcNumPredict(_handle, rows.Length, type, 0, -1, out long length), "LGBM_BoosterCalcNumPredict");
        var results = new double[length];
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterPredictForMat(_handle, LightGbmDataset.Flatten(rows, columns), LightGbmNative.Float32,
            rows.Length, columns, 1, type, 0, -1, $"num_threads={threads}", out long written, results), "LGBM_BoosterPredictForMat");
        return results[..(int)written];
    }

    public void Dispose() => _handle.Dispose();
}
