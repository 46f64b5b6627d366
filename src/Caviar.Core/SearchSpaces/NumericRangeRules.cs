using Caviar.Validation;

namespace Caviar.SearchSpaces;

/// <summary>The checks shared by continuous and integer ranges.</summary>
internal static class NumericRangeRules
{
    public static void Validate(string field, string name, double min, double max, ScalingType scaling)
    {
        ParameterNames.Ensure(name, $"{field}.name");
        if (!double.IsFinite(min))
            throw new CaviarValidationException($"{field}.minValue", "must be a finite number");
        if (!double.IsFinite(max))
            throw new CaviarValidationException($"{field}.maxValue", "must be a finite number");
        if (min >= max)
            throw new CaviarValidationException($"{field}.minValue", $"min ({min}) must be less than max ({max})");
        switch (AutoScaling.Resolve(scaling, min, max))
        {
            case ScalingType.Logarithmic when min <= 0:
                throw new CaviarValidationException($"{field}.scalingType",
                    $"Logarithmic scaling needs min > 0, but min is {min}");
            case ScalingType.ReverseLogarithmic when min < 0 || max >= 1:
                throw new CaviarValidationException($"{field}.scalingType",
                    $"ReverseLogarithmic scaling needs 0 <= min < max < 1, but the range is [{min}, {max}]");
        }
    }
}
