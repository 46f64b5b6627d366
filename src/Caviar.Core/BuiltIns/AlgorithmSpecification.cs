using System.Text.Json;
using Caviar.SearchSpaces;
using Caviar.Validation;

namespace Caviar.BuiltIns;

/// <summary>A built-in algorithm: its name, what it does, and every hyperparameter it reads.</summary>
public sealed record AlgorithmSpecification(string Name, string Description, IReadOnlyList<HyperParameterSpecification> HyperParameters)
{
    public HyperParameterSpecification? Find(string name) => HyperParameters.FirstOrDefault(h => h.Name == name);

    /// <summary>The declared hyperparameter; throws if the algorithm has none of that name (a programming error).</summary>
    public HyperParameterSpecification this[string name] =>
        Find(name) ?? throw new KeyNotFoundException($"{Name} declares no hyperparameter '{name}'");

    /// <summary>Checks a job's static hyperparameters: known names, values of the right type within range.</summary>
    public void CheckHyperParameters(IReadOnlyDictionary<string, JsonElement> values, string field)
    {
        foreach (var (name, value) in values)
            Known(name, $"{field}.{name}").CheckValue(value, $"{field}.{name}");
    }

    /// <summary>Checks a tuning job's ranges: each names a tunable hyperparameter and stays within its declared range.</summary>
    public void CheckRanges(IReadOnlyList<ParameterRange> ranges, string field)
    {
        for (int i = 0; i < ranges.Count; i++) CheckRange(ranges[i], $"{field}[{i}]");
    }

    /// <summary>Refuses a range of a hyperparameter this algorithm does not declare, or outside its declaration, under <paramref name="field"/>.</summary>
    public void CheckRange(ParameterRange range, string field) => Known(range.Name, field + ".name").CheckRange(range, field, Name);

    private HyperParameterSpecification Known(string name, string field) =>
        Find(name) ?? throw new CaviarValidationException(field,
            $"{Name} has no hyperparameter '{name}'; `caviar algorithms {Name}` lists them");
}
