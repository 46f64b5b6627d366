using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Studies;

/// <summary>
/// When a run has converged (SageMaker's CompleteOnConvergence): over the last <see cref="Window"/> completed trials the
/// best value improved by no more than <see cref="Tolerance"/> times the spread of all completed values (best minus
/// worst), so the rule reads the same whatever the objective's scale. Unlike "best not improving", a run that still
/// creeps forward by tiny steps counts as converged. Needs at least twice <see cref="Window"/> completed trials.
/// </summary>
public sealed record Convergence
{
    /// <summary>How many of the latest completed trials must together bring no real improvement. Default 10.</summary>
    public int Window { get; init; } = 10;

    /// <summary>The largest improvement, as a fraction of the spread of completed values, that still counts as none. Default 0.01.</summary>
    public double Tolerance { get; init; } = 0.01;

    public void Validate(string field)
    {
        if (Window < 1) throw new CaviarValidationException($"{field}.window", "must be at least 1");
        if (!(Tolerance >= 0 && Tolerance < 1)) throw new CaviarValidationException($"{field}.tolerance", "must be in [0, 1)");
    }

    /// <summary>Whether the completed trials among <paramref name="trials"/> (taken in number order) have converged.</summary>
    public bool IsReached(IEnumerable<TrialRecord> trials, ObjectiveDirection direction)
    {
        var values = trials.Where(t => t.State == TrialState.Completed).OrderBy(t => t.Number).Select(t => t.Value!.Value).ToList();
        if (values.Count < 2 * Window) return false;
        double bestBefore = Best(values.Take(values.Count - Window), direction);
        double bestNow = Best(values, direction);
        double improvement = Math.Abs(bestNow - bestBefore);
        double spread = values.Max() - values.Min();
        return improvement <= Tolerance * spread;
    }

    private static double Best(IEnumerable<double> values, ObjectiveDirection direction) =>
        direction == ObjectiveDirection.Minimize ? values.Min() : values.Max();
}
