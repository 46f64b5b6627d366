using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Server.AskTell;

/// <summary>
/// The body of <c>POST /api/studies/{name}/trials/{id}/tell</c>: a value (or one per objective, for a study of several),
/// or how the trial ended without one.
/// </summary>
internal sealed record TellRequest
{
    /// <summary>The objective value (the trial ends Completed). Give this, <see cref="Values"/> or <see cref="State"/>.</summary>
    public double? Value { get; init; }

    /// <summary>One value per objective, in the order of the study's directions (the trial ends Completed). Give this,
    /// <see cref="Value"/> or <see cref="State"/>.</summary>
    public List<double>? Values { get; init; }

    /// <summary>Constraint values of a completed trial (≤ 0: satisfied; Optuna's constraints_func), the same count for every
    /// trial of a study. Default: none.</summary>
    public List<double>? Constraints { get; init; }

    /// <summary>Pruned, Failed or Stopped: the trial ended without a value. Give this or <see cref="Value"/>.</summary>
    public TrialState? State { get; init; }

    /// <summary>Why it ended so (shown with the trial). Default: none.</summary>
    public string? Reason { get; init; }

    /// <summary>Checks the body against a study with <paramref name="directions"/>; throws naming the field.</summary>
    public void Validate(IReadOnlyList<ObjectiveDirection> directions)
    {
        int given = (Value is null ? 0 : 1) + (Values is null ? 0 : 1) + (State is null ? 0 : 1);
        if (given != 1)
        {
            string field = directions.Count > 1 ? "values" : "value";
            throw new CaviarValidationException(given == 0 ? field : State is null ? "values" : "state",
                $"give {(directions.Count > 1 ? "values" : "a value")} or a state, and only one of value, values and state");
        }
        if (State is TrialState.Completed or TrialState.Running)
            throw new CaviarValidationException("state", "must be Pruned, Failed or Stopped; a completed trial is told its value");
        if (Value is { } value)
        {
            if (directions.Count > 1)
                throw new CaviarValidationException("value", $"the study has {directions.Count} objectives ({Listed(directions)}): give values, one each");
            if (!double.IsFinite(value)) throw new CaviarValidationException("value", "must be a finite number");
        }
        if (Values is { } values)
        {
            if (values.Count != directions.Count)
                throw new CaviarValidationException("values",
                    $"the study has {directions.Count} objective{(directions.Count == 1 ? "" : "s")} ({Listed(directions)}); got {values.Count} value{(values.Count == 1 ? "" : "s")}");
            for (int i = 0; i < values.Count; i++)
                if (!double.IsFinite(values[i])) throw new CaviarValidationException($"values[{i}]", "must be a finite number");
        }
        if (Constraints is { } constraints)
        {
            if (State is not null) throw new CaviarValidationException("constraints", "only a completed trial (told its values) has constraint values");
            for (int i = 0; i < constraints.Count; i++)
                if (!double.IsFinite(constraints[i])) throw new CaviarValidationException($"constraints[{i}]", "must be a finite number");
        }
    }

    /// <summary>
    /// Whether <paramref name="ended"/> ended as this tell says: the same values and constraints, or the same state. A
    /// client sends a tell again when the first one's answer was lost (a server killed after it stored the end); that
    /// tell is answered as the first would have been, not refused.
    /// </summary>
    public bool SameEnd(TrialRecord ended) => ValuesTold is { } values
        ? ended.State == TrialState.Completed && ended.Values is { } stored && stored.SequenceEqual(values)
          && ended.Constraints.SequenceEqual(Constraints ?? [])
        : State is { } state && ended.State == state;

    /// <summary>The values told, one per objective (null when the trial ends with a state).</summary>
    public double[]? ValuesTold => Values?.ToArray() ?? (Value is { } one ? [one] : null);

    private static string Listed(IReadOnlyList<ObjectiveDirection> directions) => string.Join(", ", directions);
}
