using Caviar.MultiObjective;

namespace Caviar.Strategies.Tpe;

/// <summary>A completed trial as a cube point with every objective's loss and its total violation.</summary>
internal readonly record struct MultiCubePoint(double[] Coordinates, double[] Losses, double Violation, int Number);

/// <summary>
/// Multi-objective TPE's split (Ozaki et al. 2020, as Optuna's MOTPE): the good trials are the best fronts by
/// non-domination rank, the front that does not fit whole is cut greedily by hypervolume contribution (the subset
/// covering the most hypervolume), and infeasible trials come after every feasible one, by total violation. Good
/// trials weigh by their hypervolume contribution (the largest weighs 1), so the density favours the points that
/// hold the front out; poor ones weigh by recency as in one-objective TPE. One objective with constraints takes
/// the same path (its fronts are the distinct values).
/// </summary>
internal static class MultiObjectiveSplit
{
    private const double SmallestWeight = 1e-12;

    public static TpeObservations Split(List<MultiCubePoint> points, int[] choices, TpeOptions options)
    {
        var chosen = Choose(points.Select(p => p.Losses).ToList(), points.Select(p => p.Violation).ToList(), options);
        return Observations(chosen, points.Select(p => (double[]?)p.Coordinates).ToList(), choices, options);
    }

    /// <summary>The good trials (indices into <paramref name="losses"/>, in the order chosen) and their weights.</summary>
    public static MultiObjectiveChoice Choose(IReadOnlyList<double[]> losses, IReadOnlyList<double> violations, TpeOptions options)
    {
        int n = losses.Count;
        int goodCount = Math.Min((int)Math.Ceiling(options.GoodFraction * n), options.MaxGoodTrials);
        var lossLists = losses.Select(l => (IReadOnlyList<double>)l).ToList();
        var feasible = Enumerable.Range(0, n).Where(i => violations[i] == 0).ToList();
        var good = new List<int>(goodCount);
        if (feasible.Count > 0 && goodCount > 0)
        {
            var reference = ReferencePoint(feasible.Select(i => losses[i]));
            foreach (var front in NonDominatedSorting.LeadingFronts(lossLists, feasible, goodCount))
            {
                if (good.Count + front.Count <= goodCount) good.AddRange(front);
                else good.AddRange(GreatestHypervolume(front, lossLists, goodCount - good.Count, reference));
                if (good.Count >= goodCount) break;
            }
        }
        if (good.Count < goodCount)
            good.AddRange(Enumerable.Range(0, n).Where(i => violations[i] > 0)
                .OrderBy(i => violations[i]).ThenBy(i => i).Take(goodCount - good.Count));
        var isGood = new bool[n];
        foreach (int i in good) isGood[i] = true;
        return new MultiObjectiveChoice([.. good], GoodWeights(good, losses, violations), isGood);
    }

    /// <summary>
    /// The observations of a split: the good trials in the order chosen, the poor ones in trial order weighed by recency.
    /// A trial whose point is null (it did not draw every range asked for) is left out of both, after the split.
    /// </summary>
    public static TpeObservations Observations(MultiObjectiveChoice chosen, IReadOnlyList<double[]?> points, int[] choices,
        TpeOptions options)
    {
        var good = new List<double[]>(chosen.Good.Length);
        var goodWeights = new List<double>(chosen.Good.Length);
        for (int j = 0; j < chosen.Good.Length; j++)
            if (points[chosen.Good[j]] is { } point)
            {
                good.Add(point);
                goodWeights.Add(chosen.GoodWeights[j]);
            }
        var poor = new List<double[]>(points.Count - good.Count);
        for (int i = 0; i < points.Count; i++)
            if (!chosen.IsGood[i] && points[i] is { } point) poor.Add(point);
        return new TpeObservations(choices, good, [.. goodWeights], poor,
            TpeObservations.RecencyWeights(poor.Count, options.FullWeightRecentTrials));
    }

    /// <summary>Optuna's reference: 1.1 × the worst loss of each objective (0.9 × when negative; a zero becomes tiny).</summary>
    private static double[] ReferencePoint(IEnumerable<double[]> losses)
    {
        double[]? worst = null;
        foreach (var l in losses)
        {
            worst ??= (double[])l.Clone();
            for (int k = 0; k < l.Length; k++) worst[k] = Math.Max(worst[k], l[k]);
        }
        return worst!.Select(w => w == 0 ? 1e-12 : Math.Max(1.1 * w, 0.9 * w)).ToArray();
    }

    /// <summary>Greedy hypervolume subset selection: repeatedly the point adding the most hypervolume to those chosen.</summary>
    private static List<int> GreatestHypervolume(List<int> front, List<IReadOnlyList<double>> losses, int count,
        double[] reference)
    {
        var chosen = new List<int>(count);
        var chosenLosses = new List<IReadOnlyList<double>>(count);
        var left = new List<int>(front);
        double chosenVolume = 0;
        while (chosen.Count < count && left.Count > 0)
        {
            int best = -1;
            double bestGain = double.NegativeInfinity;
            foreach (int i in left)
            {
                double gain = Hypervolume.Compute([.. chosenLosses, losses[i]], reference) - chosenVolume;
                if (gain > bestGain) (best, bestGain) = (i, gain);
            }
            chosen.Add(best);
            chosenLosses.Add(losses[best]);
            left.Remove(best);
            chosenVolume += bestGain;
        }
        return chosen;
    }

    /// <summary>
    /// Feasible good trials weigh by hypervolume contribution (largest 1, none below a tiny floor); infeasible ones,
    /// good only for want of feasible ones, weigh 1 so that the density leads towards less violation.
    /// </summary>
    private static double[] GoodWeights(List<int> good, IReadOnlyList<double[]> losses, IReadOnlyList<double> violations)
    {
        var weights = new double[good.Count];
        Array.Fill(weights, 1);
        var feasibleAt = Enumerable.Range(0, good.Count).Where(j => violations[good[j]] == 0).ToList();
        if (feasibleAt.Count <= 1) return weights;
        var feasibleLosses = feasibleAt.Select(j => (IReadOnlyList<double>)losses[good[j]]).ToList();
        var contributions = Hypervolume.Contributions(feasibleLosses, ReferencePoint(feasibleAt.Select(j => losses[good[j]])));
        double largest = contributions.Max();
        for (int f = 0; f < feasibleAt.Count; f++)
            weights[feasibleAt[f]] = largest > 0 ? Math.Clamp(contributions[f] / largest, SmallestWeight, 1) : 1;
        return weights;
    }
}

/// <summary>A multi-objective split: the good trials' indices in the order chosen, their weights, and which trials are good.</summary>
internal sealed record MultiObjectiveChoice(int[] Good, double[] GoodWeights, bool[] IsGood);
