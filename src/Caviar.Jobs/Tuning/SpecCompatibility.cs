using System.Text.Json;
using Caviar.SearchSpaces;
using Caviar.Specs;
using Caviar.Storage;
using Caviar.TestFunctions;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// What may change when a tuning job is resumed: limits and completion criteria may; the objective, training
/// job, strategy, seed, ranges, early stopping and warm start may not, since the stored trials were made under them.
/// </summary>
public static class SpecCompatibility
{
    public static TuningSpec? Stored(StudyRecord study) =>
        study.Configuration is null ? null : JsonSerializer.Deserialize<TuningSpec>(study.Configuration, SpecJson.Options);

    public static void EnsureResumable(StudyRecord existing, TuningPlan plan)
    {
        if (Stored(existing) is not { } stored) return;
        var spec = plan.Spec;
        Same("objective", Json(stored.Objective), Json(spec.Objective));
        Same("objectives", Json(stored.Objectives), Json(spec.Objectives));
        Same("constraints", Json(stored.Constraints), Json(spec.Constraints));
        Same("earlyStoppingObjective", Json(stored.EarlyStoppingObjective), Json(spec.EarlyStoppingObjective));
        Same("trainingJob", Json(stored.TrainingJob), Json(spec.TrainingJob));
        Same("strategy", stored.Strategy.ToLowerInvariant(), spec.Strategy.ToLowerInvariant());
        Same("seed", stored.Seed.ToString(), spec.Seed.ToString());
        Same("earlyStopping", Json(stored.EarlyStopping), Json(spec.EarlyStopping));
        Same("hyperband", Json(WithBrackets(stored.Hyperband)), Json(WithBrackets(spec.Hyperband)));
        Same("medianStopping", Json(WithDefaults(stored.MedianStopping, stored.EarlyStopping)),
            Json(WithDefaults(spec.MedianStopping, spec.EarlyStopping)));
        Same("warmStart", Json(stored.WarmStart), Json(spec.WarmStart));
        if (!SpaceOf(stored).Ranges.SequenceEqual(plan.Space.Ranges))
            throw new CaviarValidationException("hyperParameterRanges",
                $"differ from those study '{existing.Name}' was created with; resume with the same ranges");
    }

    /// <summary>
    /// The space of a stored spec (its ranges, or its function's domain). Stored specs passed the loader's checks
    /// when their study was created, so this is a reading, not a validation.
    /// </summary>
    public static SearchSpace SpaceOf(TuningSpec stored) =>
        stored.HyperParameterRanges is { } ranges ? new SearchSpace(ranges)
        : StandardFunctions.Get(stored.Objective?.Function ?? "", "objective.function").Space;

    /// <summary>The section with its bracket count written out, so the default and the same count named compare equal.</summary>
    private static HyperbandSpec? WithBrackets(HyperbandSpec? section) => section is null ? null : section with
    {
        Brackets = section.Brackets ?? Pruning.Hyperband.MaxBracketCount(section.MinResource, section.MaxResource, section.ReductionFactor),
    };

    /// <summary>
    /// The median rule's settings as the study runs them: with earlyStopping Auto and no section, the defaults, so
    /// that a section naming the defaults compares equal to none (as the bracket count does for Hyperband).
    /// </summary>
    private static MedianStoppingSpec? WithDefaults(MedianStoppingSpec? section, EarlyStoppingType earlyStopping) =>
        section ?? (earlyStopping == EarlyStoppingType.Auto ? new MedianStoppingSpec() : null);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, SpecJson.Options);

    private static void Same(string field, string stored, string given)
    {
        if (stored != given)
            throw new CaviarValidationException(field, "differs from what the study was created with; resume with the same value");
    }
}
