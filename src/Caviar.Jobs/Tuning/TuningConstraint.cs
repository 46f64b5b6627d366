namespace Caviar.Jobs.Tuning;

/// <summary>
/// A checked <see cref="ConstraintSpec"/>: the metric and its bounds (at least one given, min ≤ max).
/// </summary>
public sealed record TuningConstraint
{
    internal TuningConstraint(string metricName, double? min, double? max)
    {
        MetricName = metricName;
        Min = min;
        Max = max;
    }

    /// <summary>The training job's metric whose last value is constrained.</summary>
    public string MetricName { get; }

    /// <summary>The least value allowed; null when unbounded below.</summary>
    public double? Min { get; }

    /// <summary>The greatest value allowed; null when unbounded above.</summary>
    public double? Max { get; }

    /// <summary>
    /// The constraint value the study stores for a metric value (Optuna's convention: ≤ 0 is satisfied): how far the
    /// value lies outside the bounds, or how far inside the nearer bound as a negative number.
    /// </summary>
    public double ValueOf(double metric) => Math.Max(
        Min is { } min ? min - metric : double.NegativeInfinity,
        Max is { } max ? metric - max : double.NegativeInfinity);

    /// <summary>The bounds for people: "model_size_kib ≤ 500", "0.9 ≤ acc", "1 ≤ x ≤ 2".</summary>
    public string Description => (Min, Max) switch
    {
        ({ } min, { } max) => FormattableString.Invariant($"{min} ≤ {MetricName} ≤ {max}"),
        ({ } min, null) => FormattableString.Invariant($"{MetricName} ≥ {min}"),
        _ => FormattableString.Invariant($"{MetricName} ≤ {Max}"),
    };
}
