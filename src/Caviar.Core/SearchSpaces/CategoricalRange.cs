using System.Globalization;
using System.Text.Json.Serialization;
using Caviar.Validation;

namespace Caviar.SearchSpaces;

/// <summary>
/// A choice among values, each a string, an integer (long), a double or a boolean, as in JSON (<c>["sgd", "adam"]</c>,
/// <c>[32, 64]</c>, <c>[true, false]</c>, mixed too). The internal value is the index of the choice; the user-facing
/// value is the choice itself, typed as given (an int becomes a long, a float a double).
/// </summary>
/// <param name="Name">The hyperparameter's name: letters, digits, '_', '-' or '.'.</param>
/// <param name="Values">The choices, each once: strings, numbers or booleans.</param>
public sealed record CategoricalRange(string Name, IReadOnlyList<object> Values) : ParameterRange(Name)
{
    /// <summary>The choices, typed: string, long, double or bool (smaller integer and float types are widened).</summary>
    [JsonConverter(typeof(CategoricalValuesJson))]
    public IReadOnlyList<object> Values { get; init; } = Widen(Values);

    public override double ToUnit(double internalValue) =>
        Values.Count <= 1 ? 0.5 : (internalValue + 0.5) / Values.Count;

    public override double FromUnit(double unit) =>
        Math.Clamp(Math.Floor(Math.Clamp(unit, 0, 1) * Values.Count), 0, Values.Count - 1);

    public override bool Contains(double internalValue) =>
        internalValue >= 0 && internalValue < Values.Count && internalValue == Math.Floor(internalValue);

    public override object ToExternal(double internalValue) => Values[(int)internalValue];

    /// <summary>
    /// The index of <paramref name="externalValue"/>: the choice equal to it, or else the one written the same
    /// (<see cref="Text"/>), so a value given as text (a command line, a string-only file) still finds its choice.
    /// </summary>
    public override double ToInternal(object externalValue)
    {
        var value = WidenOne(externalValue);
        for (int i = 0; i < Values.Count; i++)
            if (Values[i].Equals(value)) return i;
        string text = Text(value);
        for (int i = 0; i < Values.Count; i++)
            if (Text(Values[i]) == text) return i;
        throw new CaviarValidationException(Name, $"'{text}' is not one of [{string.Join(", ", Values.Select(Text))}]");
    }

    public override long? Cardinality => Values.Count;

    public override void Validate(string field)
    {
        ParameterNames.Ensure(Name, $"{field}.name");
        if (Values is null || Values.Count == 0)
            throw new CaviarValidationException($"{field}.values", "a categorical range needs at least one value");
        for (int i = 0; i < Values.Count; i++)
            if (Values[i] is not (string or long or double or bool) || Values[i] is double d && !double.IsFinite(d))
                throw new CaviarValidationException($"{field}.values[{i}]", "must be a string, an integer, a finite number or a boolean");
        var duplicate = Values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new CaviarValidationException($"{field}.values", $"'{Text(duplicate.Key)}' is listed more than once");
    }

    /// <summary>A choice as text: a string as is, numbers round-trip in the invariant culture, booleans as true/false.</summary>
    public static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // Records compare lists by reference; two ranges with the same choices are the same range.
    public bool Equals(CategoricalRange? other) =>
        other is not null && Name == other.Name && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Name, Values.Count);

    private static IReadOnlyList<object> Widen(IReadOnlyList<object>? values) =>
        values is null ? null! : values.Select(WidenOne).ToArray();

    private static object WidenOne(object value) => value switch
    {
        int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal m => (double)m,
        _ => value,
    };
}
