using Caviar.Validation;

namespace Caviar.SearchSpaces;

/// <summary>An ordered, validated set of ranges with unique names.</summary>
public sealed class SearchSpace
{
    private readonly Dictionary<string, ParameterRange> _byName;

    public SearchSpace(IEnumerable<ParameterRange> ranges, string field = "hyperParameterRanges")
    {
        Ranges = ranges?.ToList() ?? throw new CaviarValidationException(field, "must be given");
        _byName = new Dictionary<string, ParameterRange>(StringComparer.Ordinal);
        for (int i = 0; i < Ranges.Count; i++)
        {
            var range = Ranges[i] ?? throw new CaviarValidationException($"{field}[{i}]", "must not be null");
            range.Validate($"{field}[{i}]");
            if (!_byName.TryAdd(range.Name, range))
                throw new CaviarValidationException($"{field}[{i}].name", $"duplicate parameter name '{range.Name}'");
        }
    }

    public IReadOnlyList<ParameterRange> Ranges { get; }

    public int Count => Ranges.Count;

    public ParameterRange this[string name] => _byName[name];

    public bool TryGet(string name, out ParameterRange range) => _byName.TryGetValue(name, out range!);

    /// <summary>Number of points in a grid over this space; throws naming the first continuous range.</summary>
    public long GridSize(string field = "hyperParameterRanges")
    {
        long size = 1;
        for (int i = 0; i < Ranges.Count; i++)
        {
            long count = Ranges[i].Cardinality ?? throw new CaviarValidationException($"{field}[{i}].type",
                $"Grid search needs categorical, integer or stepped ranges, but '{Ranges[i].Name}' is continuous without a step");
            size = checked(size * count);
        }
        return size;
    }
}
