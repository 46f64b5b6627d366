using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>Reading a trial's intermediate values the way pruners need them.</summary>
public static class IntermediateCurves
{
    /// <summary>The last step the trial reported, or null.</summary>
    public static long? LastStep(TrialRecord trial) =>
        trial.IntermediateValues.Count == 0 ? null : trial.IntermediateValues.Keys.Max();

    /// <summary>The best loss reported at or before <paramref name="step"/>, or null if none was.</summary>
    public static double? BestLossUpTo(TrialRecord trial, long step, ObjectiveDirection direction)
    {
        double? best = null;
        foreach (var (at, value) in trial.IntermediateValues)
        {
            if (at > step || !double.IsFinite(value)) continue;
            double loss = direction.ToLoss(value);
            if (best is null || loss < best) best = loss;
        }
        return best;
    }

    /// <summary>The loss at the latest step at or before <paramref name="step"/>, or null if none was reported.</summary>
    public static double? LossAt(TrialRecord trial, long step, ObjectiveDirection direction)
    {
        long? found = null;
        foreach (var at in trial.IntermediateValues.Keys)
            if (at <= step && (found is null || at > found)) found = at;
        return found is { } s ? direction.ToLoss(trial.IntermediateValues[s]) : null;
    }
}
