namespace Caviar.Numerics;

/// <summary>
/// Binary search in ascending keys with duplicates: the first position not below a value, or the first above it
/// (<c>BinarySearch</c> returns any match among equal keys, which counting and insertion cannot use).
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

    /// <summary>
    /// The first position whose key is above <paramref name="x"/> in <see cref="double.CompareTo(double)"/>'s order (NaN
    /// first, as <c>Array.Sort</c> puts it): where <paramref name="x"/> goes after its equals.
    /// </summary>
    public static int UpperBound(ReadOnlySpan<double> keys, double x)
    {
        int low = 0, high = keys.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (keys[middle].CompareTo(x) <= 0) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}
