using System.Buffers;
using Caviar.Numerics;

namespace Caviar.Strategies.Tpe;

/// <summary>
/// Finds a point's kernels within a scaled squared distance through the observations' order along the first numeric
/// dimension, instead of a pass over every observation: the first dimension's term alone is a lower bound of the whole
/// sum (the squares are summed from it, and adding squares never lowers a sum, rounding included), so a scan outward
/// from the point's place in that order stops where that term alone passes the bound. The squares are computed with
/// the same operations in the same order as <see cref="ParzenEstimator"/>'s own, so what is found, and each square,
/// are exactly what a pass over every observation gives. Its arrays (the size of the study) are rented from the shared
/// pools and given back by <see cref="Dispose"/>.
/// </summary>
internal sealed class SortedKernelSearch : IDisposable
{
    private readonly double[][] _centres;   // [numeric dimension][observation]
    private readonly double[] _inverse;     // per numeric dimension: 1/σ
    private readonly int _count;            // observations: the used length of the arrays below
    private readonly int[] _order;          // observations by their first numeric coordinate
    private readonly double[] _keys;        // that coordinate, in that order
    private readonly int _words;            // the used length of _marks
    private readonly ulong[] _marks;        // one bit per observation, clear between calls
    private readonly double[] _squares;     // per observation, valid where marked

    private SortedKernelSearch(double[][] centres, int count, double[] inverse, int[] order, double[] keys)
    {
        (_centres, _count, _inverse, _order, _keys) = (centres, count, inverse, order, keys);
        _words = (count + 63) / 64;
        _marks = ArrayPool<ulong>.Shared.Rent(Math.Max(_words, 1));
        Array.Clear(_marks, 0, _words);
        _squares = ArrayPool<double>.Shared.Rent(Math.Max(count, 1));
    }

    /// <summary>Gives the rented arrays back.</summary>
    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_order);
        ArrayPool<double>.Shared.Return(_keys);
        ArrayPool<ulong>.Shared.Return(_marks);
        ArrayPool<double>.Shared.Return(_squares);
    }

    /// <summary>
    /// The search over <paramref name="centres"/> (by numeric dimension, then observation: the first
    /// <paramref name="count"/> of each; at least one dimension) with 1/σ per numeric dimension <paramref name="inverse"/>,
    /// given <paramref name="order"/>: every observation once, ascending by its first numeric coordinate (ties in any
    /// order). Null when the order is not that (checked: a wrong order would silently change densities) or a coordinate is NaN.
    /// </summary>
    public static SortedKernelSearch? TryCreate(double[][] centres, int count, double[] inverse, IReadOnlyList<int> order)
    {
        var first = centres[0];
        if (order.Count != count) return null;
        var seen = ArrayPool<bool>.Shared.Rent(Math.Max(count, 1));
        Array.Clear(seen, 0, count);
        var keys = ArrayPool<double>.Shared.Rent(Math.Max(count, 1));
        var indices = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
        bool sorted = true;
        for (int i = 0; i < count; i++)
        {
            int observation = order[i];
            if ((uint)observation >= (uint)count || seen[observation]) { sorted = false; break; }
            seen[observation] = true;
            indices[i] = observation;
            keys[i] = first[observation];
            if (!(i == 0 || keys[i - 1] <= keys[i])) { sorted = false; break; }   // also refuses NaN
        }
        ArrayPool<bool>.Shared.Return(seen);
        if (!sorted || (count == 1 && double.IsNaN(keys[0])))
        {
            ArrayPool<double>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(indices);
            return null;
        }
        return new SortedKernelSearch(centres, count, inverse, indices, keys);
    }

    /// <summary>Σ over numeric dimensions of ((x − centre)/σ)², in dimension order; <paramref name="numeric"/> holds x's numeric coordinates.</summary>
    private double Squares(double[] numeric, int observation)
    {
        double squares = 0;
        for (int j = 0; j < numeric.Length; j++)
        {
            double z = (numeric[j] - _centres[j][observation]) * _inverse[j];
            squares += z * z;
        }
        return squares;
    }

    /// <summary>The smallest scaled squared distance from the point to any observation (+∞ when there are none).</summary>
    public double Nearest(double[] numeric)
    {
        int at = SortedSearch.LowerBound(_keys.AsSpan(0, _count), numeric[0]);
        double x = numeric[0], inverse = _inverse[0], best = double.PositiveInfinity;
        for (int i = at; i < _count; i++)
        {
            double z = (x - _keys[i]) * inverse;
            if (z * z > best) break;
            best = Math.Min(best, Squares(numeric, _order[i]));
        }
        for (int i = at - 1; i >= 0; i--)
        {
            double z = (x - _keys[i]) * inverse;
            if (z * z > best) break;
            best = Math.Min(best, Squares(numeric, _order[i]));
        }
        return best;
    }

    /// <summary>
    /// The observations whose scaled squared distance from the point is at most <paramref name="cutoff"/>, ascending by
    /// index, written to <paramref name="found"/> with their squares in <paramref name="squares"/>; returns how many.
    /// </summary>
    public int Within(double[] numeric, double cutoff, int[] found, double[] squares)
    {
        int at = SortedSearch.LowerBound(_keys.AsSpan(0, _count), numeric[0]);
        double x = numeric[0], inverse = _inverse[0];
        for (int i = at; i < _count; i++)
        {
            double z = (x - _keys[i]) * inverse;
            if (!(z * z <= cutoff)) break;
            Mark(numeric, _order[i], cutoff, z * z);
        }
        for (int i = at - 1; i >= 0; i--)
        {
            double z = (x - _keys[i]) * inverse;
            if (!(z * z <= cutoff)) break;
            Mark(numeric, _order[i], cutoff, z * z);
        }
        return SortedKernels.TakeMarked(_marks.AsSpan(0, _words), _squares, found, squares);
    }

    /// <summary>Marks the observation when within the cutoff; <paramref name="first"/> is its first dimension's term (all of it in one dimension: 0 + z² is z²).</summary>
    private void Mark(double[] numeric, int observation, double cutoff, double first)
    {
        double squares = numeric.Length == 1 ? first : Squares(numeric, observation);
        if (!(squares <= cutoff)) return;
        _squares[observation] = squares;
        _marks[observation >> 6] |= 1UL << (observation & 63);
    }
}
