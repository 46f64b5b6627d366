namespace Caviar.Jobs.Tuning;

/// <summary>
/// A constraint on a metric of the training job: a trial is feasible when the metric's last logged value lies within
/// [min, max] (bounds included). Feasible trials rank before infeasible ones, which rank by
/// how far they lie outside; the Pareto front and the best trial hold feasible trials only.
/// </summary>
public sealed record ConstraintSpec
{
    /// <summary>A metric definition's name, or a name the script reports (script mode).</summary>
    public string? MetricName { get; init; }

    /// <summary>The least value allowed. Default: none (give min, max or both).</summary>
    public double? Min { get; init; }

    /// <summary>The greatest value allowed. Default: none (give min, max or both).</summary>
    public double? Max { get; init; }
}
