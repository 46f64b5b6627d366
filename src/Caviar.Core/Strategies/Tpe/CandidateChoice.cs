namespace Caviar.Strategies.Tpe;

/// <summary>
/// The candidate with the best density ratio good(x)/poor(x) — the first one drawn among equals — without the poor
/// density's exact value at every candidate. A log-sum-exp over some of the kernels is below the one over all of them,
/// so the poor density summed over each candidate's nearest kernels only bounds its score from above; candidates are
/// then scored exactly in order of that bound until the bound falls below the best exact score. Rounding can put a
/// partial sum above the full one by far less than <see cref="Margin"/> (a few hundred ulps of sums of at most
/// thousands of terms, plus terms below e⁻⁴⁰ of the largest that the exact sum leaves out), so candidates within the
/// margin are scored exactly too: the choice is always the one scoring every candidate exactly would make.
/// </summary>
internal static class CandidateChoice
{
    /// <summary>How far above the best exact score a bound still gets its candidate scored exactly.</summary>
    internal const double Margin = 1e-9;

    /// <summary>
    /// Kernels counted in the bound: scaled squared distance up to this much beyond the nearest one (|z| ≤ 2.8 in one
    /// dimension: most of the mass near a candidate, about a quarter of the kernels an exact score visits).
    /// </summary>
    internal const double BoundWindow = 8;

    /// <summary>The index of the candidate with the largest goodDensity − poorDensity; the first one on ties.</summary>
    public static int Best(IReadOnlyList<double[]> candidates, double[] goodDensities, ICandidateDensity poor)
    {
        if (!poor.BoundsCheaply) return Exactly(goodDensities, poor.LogDensities(candidates));
        var lower = poor.LowerLogDensities(candidates, BoundWindow);
        var bounds = new double[candidates.Count];
        for (int i = 0; i < bounds.Length; i++)
        {
            bounds[i] = goodDensities[i] - lower[i];
            if (!double.IsFinite(bounds[i])) return Exactly(goodDensities, poor.LogDensities(candidates));
        }
        var order = Enumerable.Range(0, bounds.Length).OrderByDescending(i => bounds[i]).ToArray();
        int best = -1;
        double bestScore = double.NegativeInfinity;
        foreach (int i in order)
        {
            if (best >= 0 && bounds[i] + Margin < bestScore) break;   // so are all later bounds
            double score = goodDensities[i] - poor.LogDensity(candidates[i]);
            if (!double.IsFinite(score)) return Exactly(goodDensities, poor.LogDensities(candidates));
            if (score > bestScore || (score == bestScore && i < best)) (best, bestScore) = (i, score);
        }
        return best;
    }

    /// <summary>Every candidate scored: the first with the largest difference (as TPE has always chosen).</summary>
    private static int Exactly(double[] goodDensities, double[] poorDensities)
    {
        int best = -1;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < goodDensities.Length; i++)
        {
            double score = goodDensities[i] - poorDensities[i];
            if (score > bestScore) (best, bestScore) = (i, score);
        }
        return best;
    }
}
