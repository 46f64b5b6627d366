using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// What a completed trial stands for at each step under a <see cref="MedianComparison"/>, computed once: its best loss
/// up to the step, its loss at exactly the step, or its mean loss up to the step. <see cref="At"/> answers by a binary
/// search. Worth keeping for finished trials, which never change. Non-finite values are skipped.
/// </summary>
internal sealed class CompletedLossCurve
{
    private readonly long[] _steps;
    private readonly double[] _summary;   // NaN where there is nothing to say (before the first finite value)
    private readonly bool _exactStep;

    private CompletedLossCurve(long[] steps, double[] summary, bool exactStep)
    {
        _steps = steps;
        _summary = summary;
        _exactStep = exactStep;
    }

    public static CompletedLossCurve Of(TrialRecord trial, ObjectiveDirection direction, MedianComparison comparison)
    {
        var steps = trial.IntermediateValues.Keys.Order().ToArray();
        var summary = new double[steps.Length];
        double best = double.NaN, sum = 0;
        int finite = 0;
        for (int i = 0; i < steps.Length; i++)
        {
            double value = trial.IntermediateValues[steps[i]];
            double loss = double.IsFinite(value) ? direction.ToLoss(value) : double.NaN;
            if (!double.IsNaN(loss))
            {
                if (double.IsNaN(best) || loss < best) best = loss;
                sum += loss;
                finite++;
            }
            summary[i] = comparison switch
            {
                MedianComparison.ValueAtStep => loss,
                MedianComparison.RunningAverage => finite == 0 ? double.NaN : sum / finite,
                _ => best,
            };
        }
        return new CompletedLossCurve(steps, summary, comparison == MedianComparison.ValueAtStep);
    }

    /// <summary>The steps the trial reported, ascending.</summary>
    public IReadOnlyList<long> Steps => _steps;

    /// <summary>What the trial stands for at <paramref name="step"/>, or null if nothing (no value yet, or, for a value at the step, none reported there).</summary>
    public double? At(long step)
    {
        int index = Array.BinarySearch(_steps, step);
        if (index < 0) index = _exactStep ? -1 : ~index - 1;   // the last step before it, unless the step itself is asked for
        return index < 0 || double.IsNaN(_summary[index]) ? null : _summary[index];
    }
}
