using System.Runtime.InteropServices;
using Caviar.Numerics;

namespace Caviar.Pruning;

/// <summary>Sorted lists of losses: insertion keeping the order, and counting by binary search.</summary>
internal static class SortedLosses
{
    /// <summary>Inserts <paramref name="loss"/> (not NaN) where it keeps <paramref name="sorted"/> ascending.</summary>
    public static void Insert(List<double> sorted, double loss) => sorted.Insert(CountBelow(sorted, loss), loss);

    /// <summary>How many entries are strictly below <paramref name="loss"/>.</summary>
    public static int CountBelow(List<double> sorted, double loss) =>
        SortedSearch.LowerBound(CollectionsMarshal.AsSpan(sorted), loss);

    /// <summary>The median of an ascending list (the mean of the two middle entries when the count is even).</summary>
    public static double Median(List<double> sorted) => sorted.Count % 2 == 1
        ? sorted[sorted.Count / 2]
        : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
