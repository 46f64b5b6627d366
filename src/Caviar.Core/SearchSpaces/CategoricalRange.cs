using System.Globalization;
using Caviar.Validation;

namespace Caviar.SearchSpaces;

/// <summary>A choice among strings. The internal value is the index of the choice.</summary>
public sealed record CategoricalRange(string Name, IReadOnlyList<string> Values) : ParameterRange(Name)
{
    public override double ToUnit(double internalValue) =>
        Values.Count <= 1 ? 0.5 : (internalValue + 0.5) / Values.Count;

    public override double FromUnit(double unit) =>
        Math.Clamp(Math.Floor(Math.Clamp(unit, 0, 1) * Values.Count), 0, Values.Count - 1);

    public override bool Contains(double internalValue) =>
        internalValue >= 0 && internalValue < Values.Count && internalValue == Math.Floor(internalValue);

    public override object ToExternal(double internalValue) => Values[(int)internalValue];

    public override double ToInternal(object externalValue)
    {
        string text = Convert.ToString(externalValue, CultureInfo.InvariantCulture) ?? "";
        for (int i = 0; i < Values.Count; i++)
            if (Values[i] == text) return i;
        throw new CaviarValidationException(Name, $"'{text}' is not one of [{string.Join(", ", Values)}]");
    }

    public override long? Cardinality => Values.Count;

    public override void Validate(string field)
    {
        ParameterNames.Ensure(Name, $"{field}.name");
        if (Values is null || Values.Count == 0)
            throw new CaviarValidationException($"{field}.values", "a categorical range needs at least one value");
        var duplicate = Values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new CaviarValidationException($"{field}.values", $"'{duplicate.Key}' is listed more than once");
    }

    // Records compare lists by reference; two ranges with the same choices are the same range.
    public bool Equals(CategoricalRange? other) =>
        other is not null && Name == other.Name && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Name, Values.Count);
}
