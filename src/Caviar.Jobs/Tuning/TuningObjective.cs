using Caviar.TestFunctions;
using Caviar.Trials;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// One objective of a <see cref="TuningPlan"/>, checked: a built-in test function (<see cref="Function"/>), a metric
/// of the training job (<see cref="MetricName"/>, its values reduced by <see cref="Aggregate"/>), or, in an ask/tell
/// study, neither (the client tells the value); and the direction.
/// </summary>
public sealed record TuningObjective
{
    internal TuningObjective(ObjectiveDirection direction, StandardFunction? function, string? metricName, string aggregate, int? k)
    {
        Direction = direction;
        Function = function;
        MetricName = metricName;
        Aggregate = aggregate;
        K = k;
    }

    /// <summary>Minimize or Maximize.</summary>
    public ObjectiveDirection Direction { get; }

    /// <summary>The test function evaluated for each trial; null when a training job is tuned.</summary>
    public StandardFunction? Function { get; }

    /// <summary>The training job's metric whose values give the trial's value; null when a function is tuned.</summary>
    public string? MetricName { get; }

    /// <summary>"last", "best" or "mean-last-k" (<see cref="ObjectiveAggregate"/>).</summary>
    public string Aggregate { get; }

    /// <summary>With "mean-last-k": how many of the last values are averaged; otherwise null.</summary>
    public int? K { get; }

    /// <summary>What is optimised, for people: the function's name, "metric NAME", or "the client's value" (ask/tell).</summary>
    public string Description => Function?.Name ?? (MetricName is null ? "the client's value" : $"metric {MetricName}");
}
