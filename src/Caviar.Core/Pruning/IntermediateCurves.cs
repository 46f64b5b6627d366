using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// Reading a trial's intermediate values the way pruners need them. A curve as the relational stores read it
/// (<see cref="IntermediateCurve"/>, sorted arrays) is read directly: its last step at once, a step by binary search, its
/// values as a span (pruners ask this of the reporting trial on every report, whose curve may hold thousands of values).
/// </summary>
public static class IntermediateCurves
{
    /// <summary>The last step the trial reported, or null.</summary>
    public static long? LastStep(TrialRecord trial) => trial.IntermediateValues switch
    {
        { Count: 0 } => null,
        IntermediateCurve curve => curve.LastStep,
        var values => values.Keys.Max(),
    };

    /// <summary>The best loss reported at or before <paramref name="step"/>, or null if none was.</summary>
    public static double? BestLossUpTo(TrialRecord trial, long step, ObjectiveDirection direction)
    {
        double? best = null;
        if (trial.IntermediateValues is IntermediateCurve curve)
        {
            var steps = curve.StepSpan;
            var values = curve.ValueSpan;
            for (int i = 0; i < steps.Length && steps[i] <= step; i++)
            {
                if (!double.IsFinite(values[i])) continue;
                double loss = direction.ToLoss(values[i]);
                if (best is null || loss < best) best = loss;
            }
            return best;
        }
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
        if (trial.IntermediateValues is IntermediateCurve curve)
        {
            int index = curve.StepSpan.BinarySearch(step);
            if (index < 0) index = ~index - 1;   // the last step before it
            return index < 0 ? null : direction.ToLoss(curve.ValueSpan[index]);
        }
        long? found = null;
        foreach (var at in trial.IntermediateValues.Keys)
            if (at <= step && (found is null || at > found)) found = at;
        return found is { } s ? direction.ToLoss(trial.IntermediateValues[s]) : null;
    }
}
