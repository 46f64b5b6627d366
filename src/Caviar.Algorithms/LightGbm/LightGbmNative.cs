using System.Runtime.InteropServices;

namespace Caviar.Algorithms.LightGbm;

/// <summary>
/// The part of LightGBM's C API (c_api.h, <c>lib_lightgbm</c> from the LightGBM NuGet package) that gbt uses. Every
/// function returns 0 on success and -1 on failure, with the reason in <see cref="LGBM_GetLastError"/>:
/// call through <see cref="Check"/>.
/// </summary>
internal static class LightGbmNative
{
    private const string Library = "lib_lightgbm";

    public const int Float32 = 0;
    public const int Float64 = 1;
    public const int PredictNormal = 0;
    public const int PredictRawScore = 1;
    public const int ImportanceSplit = 0;

    /// <summary>Throws <see cref="LightGbmException"/> with LightGBM's last error when <paramref name="result"/> is not 0.</summary>
    public static void Check(int result, string call)
    {
        if (result != 0) throw new LightGbmException($"{call}: {Marshal.PtrToStringUTF8(LGBM_GetLastError())}");
    }

    [DllImport(Library)] public static extern IntPtr LGBM_GetLastError();

    /// <summary>
    /// Joins LightGBM's socket network: <paramref name="machines"/> is "ip:port,ip:port,…" for every machine, this
    /// process listens on <paramref name="localListenPort"/> (which, with a local address, picks its rank in the list);
    /// <paramref name="listenTimeOutMinutes"/> bounds the wait for peers. Process-wide until <see cref="LGBM_NetworkFree"/>.
    /// </summary>
    [DllImport(Library)]
    public static extern int LGBM_NetworkInit([MarshalAs(UnmanagedType.LPUTF8Str)] string machines, int localListenPort,
        int listenTimeOutMinutes, int numMachines);

    [DllImport(Library)] public static extern int LGBM_NetworkFree();

    [DllImport(Library)]
    public static extern int LGBM_DatasetCreateFromMat(float[] data, int dataType, int rows, int columns, int isRowMajor,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, IntPtr reference, out DatasetHandle dataset);

    [DllImport(Library)]
    public static extern int LGBM_DatasetSetField(DatasetHandle dataset, [MarshalAs(UnmanagedType.LPUTF8Str)] string field,
        float[] data, int count, int dataType);

    [DllImport(Library)] public static extern int LGBM_DatasetFree(IntPtr dataset);

    [DllImport(Library)]
    public static extern int LGBM_DatasetGetSubset(DatasetHandle dataset, int[] usedRowIndices, int usedRows,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, out DatasetHandle subset);

    [DllImport(Library)]
    public static extern int LGBM_BoosterCreate(DatasetHandle train, [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, out BoosterHandle booster);

    [DllImport(Library)]
    public static extern int LGBM_BoosterCreateFromModelfile([MarshalAs(UnmanagedType.LPUTF8Str)] string file, out int iterations, out BoosterHandle booster);

    [DllImport(Library)] public static extern int LGBM_BoosterFree(IntPtr booster);

    [DllImport(Library)] public static extern int LGBM_BoosterAddValidData(BoosterHandle booster, DatasetHandle validation);

    [DllImport(Library)] public static extern int LGBM_BoosterUpdateOneIter(BoosterHandle booster, out int isFinished);

    [DllImport(Library)] public static extern int LGBM_BoosterGetCurrentIteration(BoosterHandle booster, out int iteration);

    [DllImport(Library)] public static extern int LGBM_BoosterGetNumClasses(BoosterHandle booster, out int classes);

    [DllImport(Library)] public static extern int LGBM_BoosterGetEvalCounts(BoosterHandle booster, out int count);

    [DllImport(Library)]
    public static extern int LGBM_BoosterGetEvalNames(BoosterHandle booster, int length, out int count, nuint bufferLength,
        out nuint requiredBufferLength, IntPtr[] names);

    [DllImport(Library)]
    public static extern int LGBM_BoosterGetEval(BoosterHandle booster, int dataIndex, out int count, double[] results);

    [DllImport(Library)]
    public static extern int LGBM_BoosterSaveModelToString(BoosterHandle booster, int startIteration, int iterations, int importanceType,
        long bufferLength, out long length, byte[] text);

    [DllImport(Library)]
    public static extern int LGBM_BoosterCalcNumPredict(BoosterHandle booster, int rows, int predictType, int startIteration,
        int iterations, out long length);

    [DllImport(Library)]
    public static extern int LGBM_BoosterPredictForMat(BoosterHandle booster, float[] data, int dataType, int rows, int columns,
        int isRowMajor, int predictType, int startIteration, int iterations, [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters,
        out long length, double[] results);
}
