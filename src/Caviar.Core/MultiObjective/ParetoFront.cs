using Caviar.Trials;

namespace Caviar.MultiObjective;

/// <summary>The Pareto front of a study's trials, and the hypervolume it covers.</summary>
public static class ParetoFront
{
    /// <summary>The trial's objective values as losses (lower is better in each), or null when it did not complete.</summary>
    public static double[]? Losses(TrialRecord trial, IReadOnlyList<ObjectiveDirection> directions)
    {
        if (trial.State != TrialState.Completed || trial.Values is not { } values || values.Count != directions.Count)
            return null;
        var losses = new double[values.Count];
        for (int k = 0; k < losses.Length; k++)
        {
            if (!double.IsFinite(values[k])) return null;
            losses[k] = directions[k].ToLoss(values[k]);
        }
        return losses;
    }

    /// <summary>
    /// Every completed, feasible trial that no other completed, feasible trial dominates, in trial-number order (Optuna's
    /// <c>best_trials</c>). With one objective: the trials sharing the best value. Empty when no trial is feasible.
    /// </summary>
    public static IReadOnlyList<TrialRecord> Of(IEnumerable<TrialRecord> trials, IReadOnlyList<ObjectiveDirection> directions)
    {
        var candidates = new List<(TrialRecord Trial, double[] Losses)>();
        foreach (var trial in trials)
            if (trial.IsFeasible && Losses(trial, directions) is { } losses)
                candidates.Add((trial, losses));
        var front = new List<TrialRecord>();
        foreach (var (trial, losses) in candidates)
            if (!candidates.Any(other => Dominance.Dominates(other.Losses, losses)))
                front.Add(trial);
        front.Sort((a, b) => a.Number.CompareTo(b.Number));
        return front;
    }

    /// <summary>
    /// The hypervolume of the completed, feasible trials against <paramref name="reference"/>, given in the objectives'
    /// own terms (for a maximised objective, a value below every value of interest; for a minimised one, above).
    /// </summary>
    public static double Hypervolume(IEnumerable<TrialRecord> trials, IReadOnlyList<ObjectiveDirection> directions,
        IReadOnlyList<double> reference)
    {
        if (reference.Count != directions.Count)
            throw new Validation.CaviarValidationException("reference",
                $"needs {directions.Count} values, one per objective, not {reference.Count}");
        var referenceLoss = reference.Select((r, k) => directions[k].ToLoss(r)).ToArray();
        var points = trials.Where(t => t.IsFeasible).Select(t => Losses(t, directions)).OfType<double[]>();
        return MultiObjective.Hypervolume.Compute(points, referenceLoss);
    }
}
