namespace Caviar.Serving.Variants;

/// <summary>Picks the variant of a request at random in proportion to the variants' weights.</summary>
internal static class TrafficSplit
{
    public static ServedVariant Pick(IReadOnlyList<ServedVariant> variants, Random random)
    {
        double total = variants.Sum(v => v.Weight);
        if (total <= 0) return variants[0];
        double draw = random.NextDouble() * total;
        foreach (var variant in variants)
        {
            if (draw < variant.Weight) return variant;
            draw -= variant.Weight;
        }
        return variants.Last(v => v.Weight > 0);
    }
}
