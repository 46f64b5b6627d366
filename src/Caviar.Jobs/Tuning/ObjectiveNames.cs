using Caviar.Storage;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// What people call a study's objectives: the metric names (or function name) of the tuning spec it was created from,
/// in objective order; "value" for a one-objective study without a spec, "value0", "value1", … for several.
/// Export names its columns <c>value_NAME</c> from these; <c>caviar best</c>, describe and the API show them.
/// </summary>
public static class ObjectiveNames
{
    public static IReadOnlyList<string> Of(StudyRecord study)
    {
        var spec = TrialJobSummary.SpecOf(study);
        var named = spec?.Objectives is { } many ? many.Select(o => o?.MetricName).ToList()
            : spec?.Objective is { } one ? [one.MetricName ?? one.Function] : [];
        var names = new List<string>();
        for (int i = 0; i < study.Directions.Count; i++)
        {
            string? name = i < named.Count ? named[i] : null;
            string fallback = study.Directions.Count == 1 ? "value" : $"value{i}";
            names.Add(string.IsNullOrWhiteSpace(name) || names.Contains(name) ? fallback : name);
        }
        return names;
    }

    /// <summary>The constraints' descriptions of a study created from a tuning spec (e.g. "model_size_kib ≤ 500"); empty otherwise.</summary>
    public static IReadOnlyList<string> ConstraintsOf(StudyRecord study) =>
        TrialJobSummary.SpecOf(study)?.Constraints is { } constraints
            ? constraints.Select(c => new TuningConstraint(c.MetricName ?? "", c.Min, c.Max).Description).ToList()
            : [];
}
