using Caviar.SearchSpaces;

namespace Caviar.Trials;

/// <summary>
/// An immutable snapshot of one trial as stored. <see cref="Params"/> holds internal values
/// (see <see cref="ParameterRange"/>); <see cref="Distributions"/> the range each was drawn from.
/// </summary>
public sealed record TrialRecord
{
    public required long Id { get; init; }
    public required long StudyId { get; init; }
    /// <summary>0, 1, 2, … within the study; never repeated, even across processes sharing a store.</summary>
    public required int Number { get; init; }
    public required TrialState State { get; init; }
    /// <summary>The objective value of a completed trial; with several objectives, the first one's (see <see cref="Values"/>).</summary>
    public double? Value { get; init; }

    private readonly IReadOnlyList<double>? _values;

    /// <summary>
    /// Every objective value of a completed trial, in the study's objective order (a one-objective trial: its
    /// <see cref="Value"/>); null when the trial did not complete.
    /// </summary>
    public IReadOnlyList<double>? Values
    {
        get => _values ?? (Value is { } value ? [value] : null);
        init => _values = value;
    }

    /// <summary>
    /// Constraint values of a completed trial (Optuna's <c>constraints_func</c>): a value ≤ 0 is satisfied, a
    /// positive one is violated by that much. Empty when the study has no constraints.
    /// </summary>
    public IReadOnlyList<double> Constraints { get; init; } = [];

    /// <summary>Whether every constraint is satisfied (≤ 0); true when there are none.</summary>
    public bool IsFeasible
    {
        get
        {
            // ConstraintViolation == 0, without its sum: asked of every trial when looking for the best one.
            var constraints = Constraints;
            for (int i = 0; i < constraints.Count; i++) if (constraints[i] > 0) return false;
            return true;
        }
    }

    /// <summary>The total violation: the sum of the positive constraint values (0 when feasible).</summary>
    public double ConstraintViolation
    {
        get
        {
            double total = 0;
            foreach (double c in Constraints) if (c > 0) total += c;
            return total;
        }
    }
    public IReadOnlyDictionary<string, double> Params { get; init; } = Empty.Params;
    public IReadOnlyDictionary<string, ParameterRange> Distributions { get; init; } = Empty.Distributions;
    /// <summary>Intermediate objective values by step (epoch, iteration, resource), in step order.</summary>
    public IReadOnlyDictionary<long, double> IntermediateValues { get; init; } = Empty.Intermediate;
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? FailureReason { get; init; }

    /// <summary>User attributes set by the objective (<c>trial.SetAttribute</c>): string, long, double or bool by name.</summary>
    public IReadOnlyDictionary<string, object> UserAttributes { get; init; } = Empty.Attributes;

    /// <summary>The worker running the trial (it beats for it), or null for a trial its tuning process runs itself.</summary>
    public string? Worker { get; init; }

    /// <summary>User-facing parameter values (double, long or string) by name.</summary>
    public IReadOnlyDictionary<string, object> ExternalParams =>
        Params.ToDictionary(p => p.Key, p => Distributions[p.Key].ToExternal(p.Value));

    public TimeSpan? Duration => FinishedAt - StartedAt;

    /// <summary>
    /// One readable line: number, state, value, the parameters as given (categoricals as their values, numbers
    /// round-trip, invariant culture), the number of intermediate values, and the failure reason, e.g.
    /// <c>trial 3 Completed value=0.25 {lr=0.001, layers=2, optimizer=adam} 10 intermediate values</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder($"trial {Number} {State}");
        if (Values is { Count: > 1 } values) text.Append(" values=[").AppendJoin(", ", values.Select(v => Format(v))).Append(']');
        else if (Value is { } value) text.Append(" value=").Append(Format(value));
        if (Constraints.Count > 0) text.Append(IsFeasible ? " feasible" : $" infeasible by {Format(ConstraintViolation)}");
        if (Params.Count > 0)
            text.Append(" {").AppendJoin(", ", Params.Keys.Select(name =>
                $"{name}={Format(Distributions.TryGetValue(name, out var range) ? range.ToExternal(Params[name]) : Params[name])}"))
                .Append('}');
        if (IntermediateValues.Count > 0)
            text.Append($" {IntermediateValues.Count} intermediate value{(IntermediateValues.Count == 1 ? "" : "s")}");
        if (UserAttributes.Count > 0)
            text.Append(" attributes {").AppendJoin(", ", UserAttributes.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => $"{a.Key}={Format(a.Value)}")).Append('}');
        if (FailureReason is { } reason) text.Append(": ").Append(reason);
        return text.ToString();
    }

    private static string Format(object value) => CategoricalRange.Text(value);

    private static class Empty
    {
        public static readonly IReadOnlyDictionary<string, double> Params = new Dictionary<string, double>();
        public static readonly IReadOnlyDictionary<string, ParameterRange> Distributions =
            new Dictionary<string, ParameterRange>();
        public static readonly IReadOnlyDictionary<long, double> Intermediate = new SortedDictionary<long, double>();
        public static readonly IReadOnlyDictionary<string, object> Attributes = new Dictionary<string, object>();
    }
}
