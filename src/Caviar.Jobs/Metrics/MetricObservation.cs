namespace Caviar.Jobs.Metrics;

/// <summary>One value of a metric read from a job's log.</summary>
public sealed record MetricObservation(string Name, long Step, double Value, DateTimeOffset At);
