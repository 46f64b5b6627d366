using Caviar.Trials;

namespace Caviar.Jobs.Tuning;

/// <summary>The objective: a built-in test function, or a metric of the training job.</summary>
public sealed record ObjectiveSpec
{
    /// <summary>Minimize or Maximize. Default Minimize.</summary>
    public ObjectiveDirection Type { get; init; } = ObjectiveDirection.Minimize;

    /// <summary>A standard function: branin, hartmann6, rosenbrock4, ackley5, levy4, styblinski-tang4, and the 10-D rosenbrock10, ackley10, levy10, styblinski-tang10.</summary>
    public string? Function { get; init; }

    /// <summary>
    /// With a training job: the metric whose values give the trial's objective value — a metric definition's name, or
    /// a name the script reports with <c>caviar.report</c> (script mode).
    /// </summary>
    public string? MetricName { get; init; }

    /// <summary>
    /// Which of the metric's values is the trial's result: "last" (the last value logged), "best" (the best in the
    /// objective's direction) or "mean-last-k" (the mean of the last <see cref="K"/> values). Default "last".
    /// </summary>
    public string Aggregate { get; init; } = ObjectiveAggregate.Last;

    /// <summary>With aggregate "mean-last-k": how many of the last values are averaged (1 or more). Required there only.</summary>
    public int? K { get; init; }
}
