using System.Text.Json;
using System.Text.RegularExpressions;
using Caviar.SearchSpaces;
using Caviar.TestFunctions;
using Caviar.Validation;

namespace Caviar.Specs;

/// <summary>Reads and checks a tuning spec; every refusal names the field.</summary>
public static partial class TuningSpecLoader
{
    public static TuningSpec Load(string path)
    {
        if (!File.Exists(path))
            throw new CaviarValidationException("spec", $"file '{path}' does not exist");
        return Parse(File.ReadAllText(path));
    }

    public static TuningSpec Parse(string json)
    {
        TuningSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<TuningSpec>(json, SpecJson.Options);
        }
        catch (JsonException error)
        {
            throw JsonErrors.ToValidation(error);
        }
        if (spec is null) throw new CaviarValidationException("spec", "the file holds no JSON object");
        Validate(spec);
        return spec;
    }

    public static void Validate(TuningSpec spec)
    {
        if (!StudyName().IsMatch(spec.Name ?? ""))
            throw new CaviarValidationException("name",
                "must be 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit");
        if (spec.Objective is null)
            throw new CaviarValidationException("objective", "is required");
        if (string.IsNullOrWhiteSpace(spec.Objective.Function))
            throw new CaviarValidationException("objective.function", "is required");
        var function = StandardFunctions.Get(spec.Objective.Function, "objective.function");
        StrategyFactory.Create(spec.Strategy);
        var space = SpaceOf(spec);
        foreach (var range in function.Space.Ranges)
            if (!space.TryGet(range.Name, out _))
                throw new CaviarValidationException("hyperParameterRanges",
                    $"function '{function.Name}' needs a range named '{range.Name}'");
        spec.Limits.ToLimits().Validate();
        spec.CompletionCriteria?.Validate();
        if (spec.Limits.MaxTrials is null && spec.Limits.MaxRuntimeSeconds is null &&
            !spec.Strategy.Equals("grid", StringComparison.OrdinalIgnoreCase))
            throw new CaviarValidationException("limits.maxTrials", "give maxTrials or maxRuntimeSeconds so the job can end");
    }

    /// <summary>The ranges of the spec, or the objective function's own domain when none are given.</summary>
    public static SearchSpace SpaceOf(TuningSpec spec) =>
        spec.HyperParameterRanges is { } ranges
            ? new SearchSpace(ranges)
            : StandardFunctions.Get(spec.Objective!.Function!, "objective.function").Space;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex StudyName();
}
