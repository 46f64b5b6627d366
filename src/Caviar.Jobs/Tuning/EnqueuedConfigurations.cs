using System.Text.Json;
using Caviar.Studies;
using Caviar.SearchSpaces;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>A spec's <c>enqueue</c> list: checked with the rest of the spec, enqueued when its study is created.</summary>
public static class EnqueuedConfigurations
{
    /// <summary>Refuses a name that is not a range, or a value that does not fit, naming <c>enqueue[I].NAME</c>.</summary>
    public static void Validate(TuningSpec spec, SearchSpace space)
    {
        for (int i = 0; i < (spec.Enqueue?.Count ?? 0); i++)
            GivenParameters.ToInternal(space, Values(spec.Enqueue![i], i), requireAll: false, field: $"enqueue[{i}]");
    }

    /// <summary>Enqueues the plan's configurations into its newly created study, in the spec's order.</summary>
    public static void EnqueueInto(Study study, TuningPlan plan)
    {
        var enqueue = plan.Spec.Enqueue;
        for (int i = 0; i < (enqueue?.Count ?? 0); i++) study.Enqueue(plan.Space, Values(enqueue![i], i));
    }

    /// <summary>JSON scalars as the values a user gives in code: string, long (an integral number), double, bool.</summary>
    private static Dictionary<string, object> Values(Dictionary<string, JsonElement> given, int index) =>
        given.ToDictionary(pair => pair.Key, pair => pair.Value.ValueKind switch
        {
            JsonValueKind.String => (object)pair.Value.GetString()!,
            JsonValueKind.Number when pair.Value.TryGetInt64(out long whole) => whole,
            JsonValueKind.Number => pair.Value.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new CaviarValidationException($"enqueue[{index}].{pair.Key}", "must be a number, a boolean or a string"),
        });
}
