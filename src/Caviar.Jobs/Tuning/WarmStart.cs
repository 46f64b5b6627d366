using System.Globalization;
using System.Text.Json;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// Warm start from parent tuning jobs (as SageMaker defines it). Both types: the parent's objective (metric or
/// function, and direction) must be the same, and so must the set of hyperparameter names, static and tuned
/// together; a name tuned in both must keep its range type. IdenticalDataAndAlgorithm also keeps the training
/// job (command or algorithm, channels) and the values of hyperparameters that stay static; TransferLearning may
/// change those. The parents' completed trials whose values fit the new ranges become prior trials.
/// </summary>
public static class WarmStart
{
    /// <summary>The parents' completed trials that fit <paramref name="plan"/>'s space, as prior trials; refusals name the parent.</summary>
    public static IReadOnlyList<TrialRecord> PriorTrials(IStudyStore store, TuningPlan plan)
    {
        if (plan.WarmStart is not { } warm) return [];
        var space = plan.Space;
        var priors = new List<TrialRecord>();
        for (int p = 0; p < warm.ParentTuningJobs.Count; p++)
        {
            string field = $"warmStart.parentTuningJobs[{p}]";
            string name = warm.ParentTuningJobs[p];
            var record = store.FindStudy(name) ?? throw new CaviarValidationException(field, $"no tuning job named '{name}'");
            var parent = SpecCompatibility.Stored(record) ?? throw new CaviarValidationException(field,
                $"'{name}' was not created from a tuning spec, so its setup cannot be checked");
            EnsureCompatible(plan, parent, warm.Type, field);
            var parentStatics = parent.TrainingJob?.HyperParameters ?? [];
            foreach (var trial in store.GetTrials(record.Id))
                if (trial.State == TrialState.Completed && Map(trial, space, parentStatics) is { } values)
                    priors.Add(trial with
                    {
                        Number = -1 - priors.Count,
                        Params = values,
                        Distributions = space.Ranges.Where(r => values.ContainsKey(r.Name)).ToDictionary(r => r.Name, r => r),
                    });
        }
        return priors;
    }

    private static void EnsureCompatible(TuningPlan plan, TuningSpec parent, WarmStartType type, string field)
    {
        var child = plan.Spec;
        // The same objectives in the same order (metric and direction): the parents' values are then this study's.
        var parentObjectives = parent.Objectives ?? (parent.Objective is { } one ? [one] : []);
        if (parentObjectives.Count != plan.Objectives.Count ||
            parentObjectives.Zip(plan.Objectives).Any(pair => pair.First?.Type != pair.Second.Direction ||
                                                             pair.First.MetricName != pair.Second.MetricName))
            throw new CaviarValidationException(field, "the parent optimised a different objective");
        // A parent without the child's constraints has no constraint values to learn from.
        if (Json(parent.Constraints) != Json(child.Constraints))
            throw new CaviarValidationException(field, "the parent had different constraints");
        var childSpace = plan.Space;
        var parentSpace = SpecCompatibility.SpaceOf(parent);
        var childNames = AllNames(child, childSpace);
        if (!childNames.SetEquals(AllNames(parent, parentSpace)))
            throw new CaviarValidationException(field, "the parent had a different set of hyperparameters (static and tuned together)");
        foreach (var range in childSpace.Ranges)
            if (parentSpace.TryGet(range.Name, out var before) && before.GetType() != range.GetType())
                throw new CaviarValidationException(field, $"'{range.Name}' changed type");
        if (type == WarmStartType.TransferLearning) return;

        if (parentObjectives[0].Function != plan.Objectives[0].Function?.Name)
            throw new CaviarValidationException(field, "IdenticalDataAndAlgorithm needs the same objective function");
        if (parent.TrainingJob is { } parentJob && child.TrainingJob is { } childJob)
        {
            bool sameJob = Json(parentJob.Command) == Json(childJob.Command) && parentJob.Algorithm == childJob.Algorithm &&
                           Json(parentJob.Channels) == Json(childJob.Channels);
            if (!sameJob)
                throw new CaviarValidationException(field, "IdenticalDataAndAlgorithm needs the same command or algorithm and channels; use TransferLearning");
            foreach (var (name, value) in childJob.HyperParameters)
                if (parentJob.HyperParameters.TryGetValue(name, out var old) && old.GetRawText() != value.GetRawText())
                    throw new CaviarValidationException(field,
                        $"static hyperparameter '{name}' changed; IdenticalDataAndAlgorithm keeps static values, use TransferLearning");
        }
    }

    private static HashSet<string> AllNames(TuningSpec spec, SearchSpace space) =>
        [.. space.Ranges.Select(r => r.Name), .. (spec.TrainingJob?.HyperParameters.Keys ?? Enumerable.Empty<string>())];

    /// <summary>The trial's values in the new space, or null when one does not fit.</summary>
    private static Dictionary<string, double>? Map(TrialRecord trial, SearchSpace space,
        IReadOnlyDictionary<string, JsonElement> parentStatics)
    {
        var external = trial.ExternalParams;
        var values = new Dictionary<string, double>();
        foreach (var range in space.Ranges)
        {
            object? value = external.TryGetValue(range.Name, out var tuned) ? tuned
                : parentStatics.TryGetValue(range.Name, out var fixedValue) ? FromJson(fixedValue) : null;
            if (value is null) return null;
            try { values[range.Name] = range.ToInternal(value); }
            catch (Exception error) when (error is CaviarValidationException or FormatException or InvalidCastException)
            {
                return null;
            }
        }
        return values;
    }

    private static object FromJson(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetDouble()
        : value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
