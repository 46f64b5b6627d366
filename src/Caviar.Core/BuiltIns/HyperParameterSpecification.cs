using System.Globalization;
using System.Text.Json;
using Caviar.SearchSpaces;
using Caviar.Validation;

namespace Caviar.BuiltIns;

/// <summary>
/// One hyperparameter of a built-in algorithm, as SageMaker's algorithm specifications declare them: its name, type,
/// allowed range (or values), default and whether a tuning job may tune it. Specs are checked against it at load,
/// and the algorithm reads its default from here.
/// </summary>
public sealed record HyperParameterSpecification
{
    public required string Name { get; init; }

    public required HyperParameterType Type { get; init; }

    /// <summary>What it does, one line.</summary>
    public required string Description { get; init; }

    /// <summary>Lower bound of Integer and Continuous values. Default: none.</summary>
    public double? MinValue { get; init; }

    /// <summary>Whether <see cref="MinValue"/> itself is excluded. Default false.</summary>
    public bool MinExclusive { get; init; }

    /// <summary>Upper bound of Integer and Continuous values. Default: none.</summary>
    public double? MaxValue { get; init; }

    /// <summary>Whether <see cref="MaxValue"/> itself is excluded. Default false.</summary>
    public bool MaxExclusive { get; init; }

    /// <summary>The values of a Categorical hyperparameter. Default: none.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>The value used when a job gives none (double, long, bool or string); null when computed (see <see cref="DefaultText"/>).</summary>
    public object? Default { get; init; }

    /// <summary>How the default reads in a table; for a computed default, what it is (e.g. "the machine's cores").</summary>
    public string DefaultText => DefaultNote ?? Default switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };

    /// <summary>Describes a default that is not a constant. Default: none.</summary>
    public string? DefaultNote { get; init; }

    /// <summary>Whether a tuning job may search over it. Default true.</summary>
    public bool Tunable { get; init; } = true;

    /// <summary>The allowed values as text: "[1, ∞)", "(0, 1)", "adam | sgd", "true | false".</summary>
    public string RangeText => Type switch
    {
        HyperParameterType.Integer or HyperParameterType.Continuous =>
            $"{(MinExclusive ? "(" : "[")}{Bound(MinValue, "-∞")}, {Bound(MaxValue, "∞")}{(MaxExclusive || MaxValue is null ? ")" : "]")}",
        HyperParameterType.Categorical => string.Join(" | ", Values),
        HyperParameterType.Boolean => "true | false",
        HyperParameterType.IntegerList => "list of integers ≥ 1",
        _ => "any text",
    };

    private static string Bound(double? value, string none) =>
        value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : none;

    /// <summary>Whether a number lies within the declared bounds.</summary>
    public bool InBounds(double value) =>
        !(MinValue is { } min && (value < min || MinExclusive && value == min)) &&
        !(MaxValue is { } max && (value > max || MaxExclusive && value == max));

    /// <summary>Checks a value given in a spec's hyperParameters; throws naming <paramref name="field"/>.</summary>
    public void CheckValue(JsonElement value, string field)
    {
        switch (Type)
        {
            case HyperParameterType.Integer or HyperParameterType.Continuous:
                double number = Number(value, field);
                if (Type == HyperParameterType.Integer && number != Math.Floor(number))
                    throw new CaviarValidationException(field, $"{Text(value)} is not a whole number");
                if (!InBounds(number))
                    throw new CaviarValidationException(field, $"{Text(value)} is outside {RangeText}");
                break;
            case HyperParameterType.Categorical:
                CheckText(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), field);
                break;
            case HyperParameterType.Boolean:
                if (!IsBoolean(value))
                    throw new CaviarValidationException(field, $"{Text(value)} is not true or false");
                break;
            case HyperParameterType.IntegerList:
                CheckText(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), field);
                break;
        }
    }

    /// <summary>Checks a value written as text (a categorical range's choice, or a string value).</summary>
    public void CheckText(string text, string field)
    {
        switch (Type)
        {
            case HyperParameterType.Integer or HyperParameterType.Continuous:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                    throw new CaviarValidationException(field, $"'{text}' is not a number");
                if (Type == HyperParameterType.Integer && number != Math.Floor(number))
                    throw new CaviarValidationException(field, $"'{text}' is not a whole number");
                if (!InBounds(number)) throw new CaviarValidationException(field, $"'{text}' is outside {RangeText}");
                break;
            case HyperParameterType.Categorical:
                if (!Values.Contains(text.ToLowerInvariant()))
                    throw new CaviarValidationException(field, $"'{text}' is not one of {RangeText}");
                break;
            case HyperParameterType.Boolean:
                if (!bool.TryParse(text, out _))
                    throw new CaviarValidationException(field, $"'{text}' is not true or false");
                break;
            case HyperParameterType.IntegerList:
                string trimmed = text.Trim();
                if (trimmed.Length == 0 || trimmed == "none") break;
                foreach (var part in trimmed.Split(','))
                    if (!int.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int item) || item < 1)
                        throw new CaviarValidationException(field, $"'{text}' is not a comma-separated list of positive integers");
                break;
        }
    }

    /// <summary>Checks a tuning range over this hyperparameter; throws naming the range's field.</summary>
    public void CheckRange(ParameterRange range, string field, string algorithm)
    {
        if (!Tunable)
            throw new CaviarValidationException($"{field}.name", $"{algorithm}'s '{Name}' is not tunable");
        switch (range)
        {
            case CategoricalRange categorical:
                for (int i = 0; i < categorical.Values.Count; i++) CheckText(CategoricalRange.Text(categorical.Values[i]), $"{field}.values[{i}]");
                break;
            case IntegerRange or ContinuousRange when Type is not (HyperParameterType.Integer or HyperParameterType.Continuous):
                throw new CaviarValidationException($"{field}.type",
                    $"{algorithm}'s '{Name}' is {Type}: tune it with a categorical range of {RangeText}");
            case ContinuousRange when Type == HyperParameterType.Integer:
                throw new CaviarValidationException($"{field}.type", $"{algorithm}'s '{Name}' is an integer: use an integer range");
            case IntegerRange integer:
                CheckBounds(integer.MinValue, integer.MaxValue, field, algorithm);
                break;
            case ContinuousRange continuous:
                CheckBounds(continuous.MinValue, continuous.MaxValue, field, algorithm);
                break;
        }
    }

    private void CheckBounds(double min, double max, string field, string algorithm)
    {
        if (!InBounds(min))
            throw new CaviarValidationException($"{field}.minValue", $"{Bound(min, "")} is outside {algorithm}'s '{Name}' range {RangeText}");
        if (!InBounds(max))
            throw new CaviarValidationException($"{field}.maxValue", $"{Bound(max, "")} is outside {algorithm}'s '{Name}' range {RangeText}");
    }

    private static double Number(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        if (value.ValueKind == JsonValueKind.String &&
            double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) &&
            double.IsFinite(parsed))
            return parsed;
        throw new CaviarValidationException(field, $"{Text(value)} is not a number");
    }

    private static bool IsBoolean(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => true,
        JsonValueKind.Number => value.GetDouble() is 0 or 1,
        JsonValueKind.String => bool.TryParse(value.GetString(), out _),
        _ => false,
    };

    private static string Text(JsonElement value)
    {
        string raw = value.GetRawText();
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }
}
