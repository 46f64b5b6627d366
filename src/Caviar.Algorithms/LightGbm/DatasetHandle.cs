using Microsoft.Win32.SafeHandles;

namespace Caviar.Algorithms.LightGbm;

/// <summary>A native LightGBM Dataset, freed with LGBM_DatasetFree.</summary>
internal sealed class DatasetHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => LightGbmNative.LGBM_DatasetFree(handle) == 0;
}
