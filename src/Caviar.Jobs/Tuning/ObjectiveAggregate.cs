using Caviar.Jobs.Metrics;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>Turns the values a training job logged for the objective metric into the trial's value (objective.aggregate).</summary>
public static class ObjectiveAggregate
{
    public const string Last = "last";
    public const string Best = "best";
    public const string MeanLastK = "mean-last-k";

    public static readonly IReadOnlyList<string> Names = [Last, Best, MeanLastK];

    /// <summary>
    /// Refuses an unknown aggregate, a missing or non-positive k with mean-last-k, and k with the others; fields are
    /// named under <paramref name="field"/> (the spec's path of the objective).
    /// </summary>
    public static void Validate(ObjectiveSpec objective, string field = "objective")
    {
        if (!Names.Contains(objective.Aggregate))
            throw new CaviarValidationException($"{field}.aggregate",
                $"'{objective.Aggregate}' is not one of {string.Join(", ", Names)}");
        if (objective.Aggregate == MeanLastK && objective.K is null)
            throw new CaviarValidationException($"{field}.k", "is required with aggregate mean-last-k");
        if (objective.Aggregate == MeanLastK && objective.K < 1)
            throw new CaviarValidationException($"{field}.k", $"must be at least 1, not {objective.K}");
        if (objective.Aggregate != MeanLastK && objective.K is not null)
            throw new CaviarValidationException($"{field}.k", "applies only with aggregate mean-last-k");
    }

    /// <summary>
    /// The trial's value from the metric's values in the order they were logged, or null when there are none.
    /// mean-last-k averages the values there are when fewer than k were logged.
    /// </summary>
    public static double? Of(IReadOnlyList<double> values, TuningObjective objective)
    {
        if (values.Count == 0) return null;
        return objective.Aggregate switch
        {
            Best => values.Aggregate((best, v) => objective.Direction.IsBetter(v, best) ? v : best),
            MeanLastK => values.Skip(Math.Max(0, values.Count - objective.K!.Value)).Average(),
            _ => values[^1],
        };
    }

    /// <summary>The values of <paramref name="metric"/> among a job's observations, in logged order.</summary>
    public static IReadOnlyList<double> ValuesOf(IEnumerable<MetricObservation> observations, string metric) =>
        observations.Where(o => o.Name == metric).Select(o => o.Value).ToList();
}
