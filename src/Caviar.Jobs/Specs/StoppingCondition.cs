namespace Caviar.Jobs.Specs;

/// <summary>A training spec's "stoppingCondition": when the job is stopped.</summary>
public sealed record StoppingCondition
{
    /// <summary>Wall-clock limit of the job, all attempts together; the job is stopped when it is spent. Default 24 h.</summary>
    public double MaxRuntimeSeconds { get; init; } = 86_400;
}
