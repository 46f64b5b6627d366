namespace Caviar.Pruning;

/// <summary>
/// What the median stopping rule takes the median of, over the completed trials, at a trial's latest step. The trial
/// itself is always judged by its best value so far; only the completed trials' side differs between the rules in use.
/// </summary>
public enum MedianComparison
{
    /// <summary>
    /// Each completed trial's best value up to the step. Caviar's rule and default: the strictest of the three (a
    /// best-so-far is never worse than the value at the step or the mean up to it), so it stops the most trials.
    /// </summary>
    BestSoFar,

    /// <summary>
    /// Each completed trial's value at exactly the step; trials that did not report that step are left out (Optuna's
    /// <c>MedianPruner</c>).
    /// </summary>
    ValueAtStep,

    /// <summary>
    /// Each completed trial's mean value over the steps up to this one (Ray Tune's <c>MedianStoppingRule</c>; SageMaker's
    /// early stopping "Auto" takes the same median but compares the trial's current value with it). On improving curves
    /// the most lenient: a mean includes the early, worse values.
    /// </summary>
    RunningAverage,
}
