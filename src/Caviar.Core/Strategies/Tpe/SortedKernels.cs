using System.Numerics;

namespace Caviar.Strategies.Tpe;

/// <summary>
/// What the sorted-kernel scans (<see cref="SortedKernelSearch"/>, <see cref="KeptOrderDensity"/>) share besides finding
/// a point's place among sorted keys (<see cref="Numerics.SortedSearch"/>): taking the kernels they marked in ascending
/// index order.
/// </summary>
internal static class SortedKernels
{
    /// <summary>
    /// Writes the indices whose bit is set in <paramref name="marks"/>, ascending, to <paramref name="found"/> and their
    /// entries of <paramref name="squaresByIndex"/> to <paramref name="squares"/>, clearing the marks; returns how many.
    /// </summary>
    public static int TakeMarked(Span<ulong> marks, double[] squaresByIndex, int[] found, double[] squares)
    {
        int count = 0;
        for (int w = 0; w < marks.Length; w++)
        {
            ulong bits = marks[w];
            if (bits == 0) continue;
            marks[w] = 0;
            while (bits != 0)
            {
                int index = w * 64 + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                found[count] = index;
                squares[count++] = squaresByIndex[index];
            }
        }
        return count;
    }
}
