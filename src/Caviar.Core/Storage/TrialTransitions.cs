using Caviar.SearchSpaces;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Storage;

/// <summary>The rules every store applies before changing a trial, so that all stores refuse the same things.</summary>
public static class TrialTransitions
{
    public static void EnsureRunning(TrialRecord trial, string action) => EnsureRunning(trial.Number, trial.State, action);

    public static void EnsureFinalState(TrialState state)
    {
        if (!state.IsFinished())
            throw new CaviarValidationException("state", "a trial can only be finished as Completed, Failed, Pruned or Stopped");
    }

    public static void EnsureValueFits(TrialState state, double? value)
    {
        if (state == TrialState.Completed && (value is null || !double.IsFinite(value.Value)))
            throw new CaviarValidationException("value", "a completed trial needs a finite objective value");
    }

    /// <summary>The objective values of a completed trial: at least one, all finite; constraint values finite.</summary>
    public static void EnsureValuesFit(IReadOnlyList<double> values, IReadOnlyList<double> constraints)
    {
        if (values.Count == 0 || values.Any(v => !double.IsFinite(v)))
            throw new CaviarValidationException("values", "a completed trial needs a finite value for every objective");
        if (constraints.Any(c => !double.IsFinite(c)))
            throw new CaviarValidationException("constraints", "every constraint value must be a finite number");
    }

    public static void EnsureParamFits(TrialRecord trial, string name, double internalValue, ParameterRange distribution) =>
        EnsureParamFits(trial.Number, trial.Distributions.GetValueOrDefault(name), name, internalValue, distribution);

    public static void EnsureParamFits(int trialNumber, ParameterRange? existing, string name, double internalValue,
        ParameterRange distribution)
    {
        if (!distribution.Contains(internalValue))
            throw new CaviarValidationException(name, $"internal value {internalValue} is outside its range");
        if (existing is not null && !existing.Equals(distribution))
            throw new CaviarValidationException(name, $"trial {trialNumber} already has '{name}' with a different range");
    }

    public static void EnsureRunning(int trialNumber, TrialState state, string action)
    {
        if (state != TrialState.Running)
            throw new InvalidOperationException($"Trial {trialNumber} is {state}, not Running; cannot {action}.");
    }
}
