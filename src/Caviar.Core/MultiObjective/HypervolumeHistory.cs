using Caviar.Trials;

namespace Caviar.MultiObjective;

/// <summary>
/// How the Pareto front grew: the hypervolume of the completed, feasible trials up to each trial (in number order),
/// against one reference point for the whole history, so the curve only rises. What the API and plots show.
/// </summary>
public static class HypervolumeHistory
{
    /// <summary>How far past the worst value the default reference point lies, as a share of each objective's span.</summary>
    public const double ReferenceMargin = 0.1;

    /// <summary>
    /// The default reference point, in the objectives' own terms: each objective's worst value among the completed,
    /// feasible trials, moved away from the best by <see cref="ReferenceMargin"/> of the span between them (by 1 when
    /// every value is the same), so every front trial adds volume. Null when no trial is completed and feasible.
    /// </summary>
    public static double[]? DefaultReference(IEnumerable<TrialRecord> trials, IReadOnlyList<ObjectiveDirection> directions)
    {
        var losses = trials.Where(t => t.IsFeasible).Select(t => ParetoFront.Losses(t, directions)).OfType<double[]>().ToList();
        if (losses.Count == 0) return null;
        var reference = new double[directions.Count];
        for (int k = 0; k < reference.Length; k++)
        {
            double worst = losses.Max(l => l[k]), best = losses.Min(l => l[k]);
            double span = worst - best;
            double loss = worst + (span > 0 ? ReferenceMargin * span : 1);
            reference[k] = directions[k] == ObjectiveDirection.Maximize ? -loss : loss;
        }
        return reference;
    }

    /// <summary>
    /// (trial number, hypervolume of the completed, feasible trials numbered up to it) for each completed, feasible
    /// trial, in number order, against <paramref name="reference"/> (the objectives' own terms). Only a trial that joins
    /// the front changes the value, so the volume is computed for those alone.
    /// </summary>
    public static IReadOnlyList<(int Number, double Hypervolume)> Of(IEnumerable<TrialRecord> trials,
        IReadOnlyList<ObjectiveDirection> directions, IReadOnlyList<double> reference)
    {
        if (reference.Count != directions.Count)
            throw new Validation.CaviarValidationException("reference",
                $"needs {directions.Count} values, one per objective, not {reference.Count}");
        var referenceLoss = reference.Select((r, k) => directions[k].ToLoss(r)).ToArray();
        var front = new List<double[]>();
        var history = new List<(int, double)>();
        double volume = 0;
        foreach (var trial in trials.OrderBy(t => t.Number))
        {
            if (!trial.IsFeasible || ParetoFront.Losses(trial, directions) is not { } losses) continue;
            if (!front.Any(p => Dominance.Dominates(p, losses) || p.SequenceEqual(losses)))
            {
                front.RemoveAll(p => Dominance.Dominates(losses, p));
                front.Add(losses);
                volume = Hypervolume.Compute(front, referenceLoss);
            }
            history.Add((trial.Number, volume));
        }
        return history;
    }
}
