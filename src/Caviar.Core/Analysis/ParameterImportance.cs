using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Analysis;

/// <summary>
/// Hyperparameter importance by PED-ANOVA (Watanabe et al., 2023): for each hyperparameter, how far the distribution
/// of its values among the best trials (the top <see cref="TopFraction"/>) is from its distribution among all completed
/// trials, measured by the Pearson divergence of histograms in the range's unit interval (choices for categorical
/// ranges). Importances are normalised to sum to 1; a hyperparameter the best trials pick at random scores near 0.
/// </summary>
public static class ParameterImportance
{
    /// <summary>Share of completed trials that count as the best. Default 0.1 (at least 2 trials).</summary>
    public const double TopFraction = 0.1;

    /// <summary>Histogram bins for numeric ranges. Default 10.</summary>
    public const int Bins = 10;

    /// <summary>
    /// The importance for one objective (index <paramref name="objective"/>) of a study with several: each completed
    /// trial counts with its value for that objective, in that objective's direction.
    /// </summary>
    public static IReadOnlyList<(string Name, double Importance)> Compute(IReadOnlyList<TrialRecord> trials,
        IReadOnlyList<ObjectiveDirection> directions, int objective)
    {
        if (objective < 0 || objective >= directions.Count)
            throw new Validation.CaviarValidationException("objective",
                $"must be an objective's index, 0 to {directions.Count - 1}, not {objective}");
        var projected = trials.Select(t => t.State == TrialState.Completed && t.Values is { } values && values.Count > objective
            ? t with { Value = values[objective], Values = null }
            : t).ToList();
        return Compute(projected, directions[objective]);
    }

    public static IReadOnlyList<(string Name, double Importance)> Compute(IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction)
    {
        var completed = trials.Where(t => t.State == TrialState.Completed).OrderBy(t => direction.ToLoss(t.Value!.Value)).ToList();
        if (completed.Count < 4) return [];
        int top = Math.Max(2, (int)Math.Ceiling(TopFraction * completed.Count));
        var names = completed.SelectMany(t => t.Distributions.Keys).Distinct().Order(StringComparer.Ordinal);
        var raw = new List<(string Name, double Divergence)>();
        foreach (var name in names)
        {
            var with = completed.Where(t => t.Params.ContainsKey(name)).ToList();
            if (with.Count < 4) continue;
            var range = with[0].Distributions[name];
            int bins = range is CategoricalRange c ? c.Values.Count : Bins;
            int Bin(TrialRecord t) => range is CategoricalRange ? (int)t.Params[name]
                : Math.Min(bins - 1, (int)(range.ToUnit(t.Params[name]) * bins));
            var all = Histogram(with.Select(Bin), bins);
            var best = Histogram(with.Take(Math.Min(top, with.Count)).Select(Bin), bins);
            double divergence = 0;
            for (int b = 0; b < bins; b++)
                if (all[b] > 0) divergence += all[b] * Math.Pow(best[b] / all[b] - 1, 2);
            raw.Add((name, divergence));
        }
        double total = raw.Sum(r => r.Divergence);
        return raw.Select(r => (r.Name, total > 0 ? r.Divergence / total : 1.0 / raw.Count))
            .OrderByDescending(r => r.Item2).ToList();
    }

    /// <summary>Probabilities of each bin with add-one smoothing, so an empty bin is not a division by zero.</summary>
    private static double[] Histogram(IEnumerable<int> bins, int count)
    {
        var counts = Enumerable.Repeat(1.0, count).ToArray();
        foreach (int b in bins) counts[b]++;
        double sum = counts.Sum();
        return counts.Select(c => c / sum).ToArray();
    }
}
