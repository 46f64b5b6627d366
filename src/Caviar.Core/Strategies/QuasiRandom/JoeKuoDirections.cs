namespace Caviar.Strategies.QuasiRandom;

/// <summary>
/// The 32 direction numbers V₁…V₃₂ (as 32-bit fractions) of each dimension, from the embedded Joe–Kuo file: for a
/// primitive polynomial of degree s with interior coefficients a₁…a_{s−1} and initial numbers m₁…m_s,
/// Vₖ = mₖ/2ᵏ for k ≤ s and Vₖ = V_{k−s} ⊕ (V_{k−s} ≫ s) ⊕ ⊕ᵢ aᵢ·V_{k−i} after that (Bratley &amp; Fox, Joe &amp; Kuo).
/// </summary>
internal static class JoeKuoDirections
{
    private static readonly Lazy<uint[][]> Table = new(Load);

    public static uint[][] Value => Table.Value;

    private static uint[][] Load()
    {
        using var stream = typeof(JoeKuoDirections).Assembly.GetManifestResourceStream("Caviar.Strategies.QuasiRandom.joe-kuo-6.1024.txt")
                           ?? throw new InvalidOperationException("the Sobol direction numbers are not embedded");
        using var reader = new StreamReader(stream);
        var table = new List<uint[]>(SobolSequence.MaxDimensions);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0) continue;
            var numbers = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(uint.Parse).ToArray();
            table.Add(Directions(numbers[0], numbers[1..]));
        }
        return [.. table];
    }

    private static uint[] Directions(uint polynomial, uint[] initial)
    {
        var v = new uint[32];
        if (polynomial == 1)
        {
            for (int k = 0; k < 32; k++) v[k] = 1u << (31 - k);
            return v;
        }
        int s = 31 - System.Numerics.BitOperations.LeadingZeroCount(polynomial);
        uint a = (polynomial >> 1) & ((1u << (s - 1)) - 1);
        for (int k = 0; k < s; k++) v[k] = initial[k] << (31 - k);
        for (int k = s; k < 32; k++)
        {
            v[k] = v[k - s] ^ (v[k - s] >> s);
            for (int i = 1; i < s; i++)
                if (((a >> (s - 1 - i)) & 1) != 0) v[k] ^= v[k - i];
        }
        return v;
    }
}
