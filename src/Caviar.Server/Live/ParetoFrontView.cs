using System.Globalization;
using Caviar.Jobs.Tuning;
using Caviar.MultiObjective;
using Caviar.Storage;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Server.Live;

/// <summary>
/// GET /api/tuning-jobs/{name}/pareto-front: the objectives (name and direction, in order), the constraints, the
/// Pareto front (every completed, feasible trial no other one dominates, as <see cref="TuningJobEndpoints.TrialView"/>
/// rows, with <c>values</c> in objective order), the reference point, the front's hypervolume and its history (after
/// each completed, feasible trial, in number order). The reference point is <c>?reference=a,b</c> when given (the
/// objectives' own terms, one number per objective), else <see cref="HypervolumeHistory.DefaultReference"/>: each
/// objective's worst feasible value moved 10% of its span further away. A one-objective study answers too (its front
/// is its best trials).
/// </summary>
internal static class ParetoFrontView
{
    public static object Of(StudyRecord study, IReadOnlyList<TrialRecord> trials, string? reference)
    {
        var directions = study.Directions;
        var front = ParetoFront.Of(trials, directions);
        var point = reference is null ? HypervolumeHistory.DefaultReference(trials, directions) : Parse(reference, directions.Count);
        var history = point is null ? [] : HypervolumeHistory.Of(trials, directions, point);
        return new
        {
            objectives = ObjectiveNames.Of(study).Select((name, i) => new { name, direction = directions[i].ToString() }),
            constraints = ObjectiveNames.ConstraintsOf(study),
            front = front.Select(TuningJobEndpoints.TrialView).ToList(),
            referencePoint = point,
            hypervolume = history.Count == 0 ? 0 : history[^1].Hypervolume,
            hypervolumeHistory = history.Select(h => new { number = h.Number, hypervolume = h.Hypervolume }).ToList(),
        };
    }

    /// <summary>The front's trial numbers, reference point and hypervolume, for a study's summary.</summary>
    public static object Summary(StudyRecord study, IReadOnlyList<TrialRecord> trials)
    {
        var directions = study.Directions;
        var point = HypervolumeHistory.DefaultReference(trials, directions);
        return new
        {
            trials = ParetoFront.Of(trials, directions).Select(t => t.Number).ToList(),
            referencePoint = point,
            hypervolume = point is null ? 0 : ParetoFront.Hypervolume(trials, directions, point),
        };
    }

    private static double[] Parse(string text, int objectives)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                throw new CaviarValidationException("reference", $"'{parts[i]}' is not a finite number");
        if (values.Length != objectives)
            throw new CaviarValidationException("reference", $"needs {objectives} numbers, one per objective, not {values.Length}");
        return values;
    }
}
