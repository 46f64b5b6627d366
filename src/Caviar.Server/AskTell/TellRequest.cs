using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Server.AskTell;

/// <summary>The body of <c>POST /api/studies/{name}/trials/{id}/tell</c>: a value, or how the trial ended without one.</summary>
internal sealed record TellRequest
{
    /// <summary>The objective value (the trial ends Completed). Give this or <see cref="State"/>.</summary>
    public double? Value { get; init; }

    /// <summary>Pruned, Failed or Stopped: the trial ended without a value. Give this or <see cref="Value"/>.</summary>
    public TrialState? State { get; init; }

    /// <summary>Why it ended so (shown with the trial). Default: none.</summary>
    public string? Reason { get; init; }

    public void Validate()
    {
        if (Value is null == State is null)
            throw new CaviarValidationException(Value is null ? "value" : "state", "give a value or a state, not both or neither");
        if (State is TrialState.Completed or TrialState.Running)
            throw new CaviarValidationException("state", "must be Pruned, Failed or Stopped; a completed trial is told its value");
        if (Value is { } value && !double.IsFinite(value))
            throw new CaviarValidationException("value", "must be a finite number");
    }
}
