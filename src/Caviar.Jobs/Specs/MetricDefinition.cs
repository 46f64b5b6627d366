namespace Caviar.Jobs.Specs;

/// <summary>A metric read from the log: every line matching <see cref="Regex"/> gives one value.</summary>
public sealed record MetricDefinition
{
    public string Name { get; init; } = "";

    /// <summary>
    /// A regular expression whose group "value" (or else its first unnamed group) is the number; one without either is
    /// refused. A group "step" gives the step (epoch);
    /// without it the n-th match is step n. Each line is matched under a 1 s timeout; a line over it is skipped.
    /// </summary>
    public string Regex { get; init; } = "";
}
