using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// A trial's best loss up to each reported step, computed once: <see cref="UpTo"/> answers
/// <see cref="IntermediateCurves.BestLossUpTo"/> by a binary search. Worth keeping for finished trials, which never change.
/// </summary>
internal sealed class BestLossCurve
{
    private readonly long[] _steps;
    private readonly double[] _best;   // NaN until the first finite value

    private BestLossCurve(long[] steps, double[] best)
    {
        _steps = steps;
        _best = best;
    }

    public static BestLossCurve Of(TrialRecord trial, ObjectiveDirection direction)
    {
        var steps = trial.IntermediateValues.Keys.Order().ToArray();
        var best = new double[steps.Length];
        double running = double.NaN;
        for (int i = 0; i < steps.Length; i++)
        {
            double value = trial.IntermediateValues[steps[i]];
            if (double.IsFinite(value))
            {
                double loss = direction.ToLoss(value);
                if (double.IsNaN(running) || loss < running) running = loss;
            }
            best[i] = running;
        }
        return new BestLossCurve(steps, best);
    }

    /// <summary>The steps the trial reported, ascending.</summary>
    public IReadOnlyList<long> Steps => _steps;

    /// <summary>The best loss reported at or before <paramref name="step"/>, or null if none was.</summary>
    public double? UpTo(long step)
    {
        int index = Array.BinarySearch(_steps, step);
        if (index < 0) index = ~index - 1;   // the last step before it
        return index < 0 || double.IsNaN(_best[index]) ? null : _best[index];
    }
}
