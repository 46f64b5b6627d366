namespace Caviar.Numerics;

/// <summary>
/// Binary search in ascending keys with duplicates: the first position not below a value (<c>BinarySearch</c> returns
/// any match among equal keys, which counting and insertion cannot use).
/// </summary>
internal static class SortedSearch
{
    /// <summary>The first position whose key is not below <paramref name="x"/>: how many keys are strictly below it.</summary>
    public static int LowerBound(ReadOnlySpan<double> keys, double x)
    {
        int low = 0, high = keys.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (keys[middle] < x) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}
