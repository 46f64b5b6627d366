using System.Numerics;

namespace Caviar.Strategies.QuasiRandom;

/// <summary>
/// The Sobol sequence in up to <see cref="MaxDimensions"/> dimensions, 32 bits per coordinate, with Joe &amp; Kuo's
/// direction numbers (new-joe-kuo-6.21201, the first 1,024 dimensions, embedded as joe-kuo-6.1024.txt; the same
/// numbers as SciPy's <c>qmc.Sobol</c>). Point i is taken in natural order (the XOR of the direction numbers of i's
/// set bits), so any trial number maps to its point directly; the first 2^m points are the same set as in Gray-code
/// order. Scrambled (<see cref="Scrambled"/>) by a random linear matrix scramble and a digital shift (Matoušek 1998,
/// as SciPy's <c>scramble=True</c>): every point is uniform on the cube, and the first 2^m points keep the net
/// property — each dimension's 2^m equal intervals hold one point each.
/// </summary>
public sealed class SobolSequence
{
    /// <summary>Most dimensions supported (lines of the embedded direction-number file).</summary>
    public const int MaxDimensions = 1024;

    private const int Bits = 32;
    private readonly uint[][] _directions;
    private readonly uint[] _shift;

    private SobolSequence(uint[][] directions, uint[] shift)
    {
        _directions = directions;
        _shift = shift;
    }

    public int Dimensions => _directions.Length;

    /// <summary>The plain sequence (its point 0 is the origin).</summary>
    public static SobolSequence Unscrambled(int dimensions) =>
        new(Enumerable.Range(0, Check(dimensions)).Select(d => JoeKuoDirections.Value[d]).ToArray(), new uint[dimensions]);

    /// <summary>A scrambled sequence: the same <paramref name="seed"/> gives the same points.</summary>
    public static SobolSequence Scrambled(int dimensions, int seed)
    {
        var random = new Random(seed);
        var directions = new uint[Check(dimensions)][];
        var shift = new uint[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            // Row r of the lower-triangular matrix (digit 0 the most significant): random digits left of the diagonal, 1 on it.
            var rows = new uint[Bits];
            for (int r = 0; r < Bits; r++)
                rows[r] = (r == 0 ? 0u : (uint)random.NextInt64() & (uint.MaxValue << (Bits - r))) | (1u << (Bits - 1 - r));
            directions[d] = JoeKuoDirections.Value[d].Select(v => Multiply(rows, v)).ToArray();
            shift[d] = (uint)random.NextInt64();
        }
        return new SobolSequence(directions, shift);
    }

    /// <summary>Point <paramref name="index"/> (0 to 2³² − 1) of the sequence, in [0, 1)^d.</summary>
    public double[] Point(long index)
    {
        if (index is < 0 or > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(index), index, "must be in [0, 2^32)");
        var point = new double[Dimensions];
        for (int d = 0; d < point.Length; d++)
        {
            uint x = _shift[d];
            var v = _directions[d];
            for (int bit = 0; bit < Bits && (index >> bit) != 0; bit++)
                if (((index >> bit) & 1) != 0) x ^= v[bit];
            point[d] = x / 4294967296.0;
        }
        return point;
    }

    /// <summary>The binary matrix (rows as digit masks) times the digits of <paramref name="value"/>.</summary>
    private static uint Multiply(uint[] rows, uint value)
    {
        uint result = 0;
        for (int r = 0; r < Bits; r++)
            result |= (uint)(BitOperations.PopCount(rows[r] & value) & 1) << (Bits - 1 - r);
        return result;
    }

    private static int Check(int dimensions) => dimensions is >= 1 and <= MaxDimensions ? dimensions
        : throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"Sobol points have 1 to {MaxDimensions} dimensions");
}
