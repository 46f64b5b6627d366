using Caviar.SearchSpaces;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Storage;

/// <summary>The rules every store applies before changing a trial, so that all stores refuse the same things.</summary>
public static class TrialTransitions
{
    public static void EnsureRunning(TrialRecord trial, string action)
    {
        if (trial.State != TrialState.Running)
            throw new InvalidOperationException(
                $"Trial {trial.Number} is {trial.State}, not Running; cannot {action}.");
    }

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

    public static void EnsureParamFits(TrialRecord trial, string name, double internalValue, ParameterRange distribution)
    {
        if (!distribution.Contains(internalValue))
            throw new CaviarValidationException(name, $"internal value {internalValue} is outside its range");
        if (trial.Distributions.TryGetValue(name, out var existing) && !existing.Equals(distribution))
            throw new CaviarValidationException(name,
                $"trial {trial.Number} already has '{name}' with a different range");
    }
}
