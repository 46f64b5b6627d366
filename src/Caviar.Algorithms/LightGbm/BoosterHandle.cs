using Microsoft.Win32.SafeHandles;

namespace Caviar.Algorithms.LightGbm;

/// <summary>A native LightGBM Booster, freed with LGBM_BoosterFree.</summary>
internal sealed class BoosterHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => LightGbmNative.LGBM_BoosterFree(handle) == 0;
}
