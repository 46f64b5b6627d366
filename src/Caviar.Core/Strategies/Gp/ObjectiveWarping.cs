using Caviar.Numerics;

namespace Caviar.Strategies.Gp;

/// <summary>How losses are turned into the targets the Gaussian process is fitted to.</summary>
public enum ObjectiveWarping
{
    /// <summary>Losses minus their mean over their standard deviation: the model sees magnitudes.</summary>
    Standardise,

    /// <summary>
    /// Normal scores of the ranks (a Gaussian copula): the i-th smallest of n losses becomes Φ⁻¹((i + ½)/n), ties
    /// sharing their mean rank. Only the order of the losses is modelled, so a few huge values (a function spanning
    /// orders of magnitude) do not flatten the region that matters; strictly increasing in the loss.
    /// </summary>
    NormalScores,

    /// <summary>
    /// The ranks spread evenly: the i-th smallest of n losses becomes (i + ½)/n − ½ scaled to unit variance, ties
    /// sharing their mean rank. Like <see cref="NormalScores"/> it ignores magnitudes, but does not stretch the best
    /// few apart from the rest.
    /// </summary>
    UniformScores,
}

/// <summary>The warpings of <see cref="ObjectiveWarping"/>.</summary>
internal static class ObjectiveWarpings
{
    public static double[] Apply(ObjectiveWarping warping, IReadOnlyList<double> losses) => warping switch
    {
        ObjectiveWarping.Standardise => Standardise(losses),
        ObjectiveWarping.NormalScores => NormalScores(losses),
        ObjectiveWarping.UniformScores => RankScores(losses, p => (p - 0.5) * Math.Sqrt(12)),
        _ => throw new ArgumentOutOfRangeException(nameof(warping), warping, null),
    };

    public static double[] Standardise(IReadOnlyList<double> losses)
    {
        double mean = losses.Average();
        double sd = Math.Sqrt(losses.Sum(l => (l - mean) * (l - mean)) / Math.Max(losses.Count - 1, 1));
        if (!(sd > 1e-12)) sd = 1;
        return losses.Select(l => (l - mean) / sd).ToArray();
    }

    public static double[] NormalScores(IReadOnlyList<double> losses) => RankScores(losses, Normal.Quantile);

    /// <summary>score((mean rank + ½)/n) for each loss, ties sharing their mean rank.</summary>
    private static double[] RankScores(IReadOnlyList<double> losses, Func<double, double> score)
    {
        int n = losses.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => losses[i]).ToArray();
        var scores = new double[n];
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && losses[order[end + 1]] == losses[order[start]]) end++;
            double meanRank = (start + end) / 2.0;
            double value = score((meanRank + 0.5) / n);
            for (int i = start; i <= end; i++) scores[order[i]] = value;
            start = end + 1;
        }
        return scores;
    }
}
