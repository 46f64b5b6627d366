using System.Globalization;
using Caviar.Validation;

namespace Caviar.Serving.Variants;

/// <summary>A production variant: a name, the ONNX model it serves and its share of the traffic (relative weight).</summary>
public sealed record VariantSpec(string Name, string ModelPath, double Weight)
{
    /// <summary>The variant a plain <c>--model PATH</c> makes (SageMaker calls its single variant AllTraffic).</summary>
    public const string DefaultName = "main";

    /// <summary>Parses <c>NAME=PATH[:WEIGHT]</c> (weight 1 when left out).</summary>
    public static VariantSpec Parse(string text)
    {
        int equals = text.IndexOf('=');
        if (equals <= 0) throw new CaviarValidationException("--variant", $"'{text}' is not NAME=PATH:WEIGHT");
        string name = text[..equals], rest = text[(equals + 1)..];
        double weight = 1;
        int colon = rest.LastIndexOf(':');
        if (colon >= 0 && double.TryParse(rest[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            weight = parsed;
            rest = rest[..colon];
        }
        return new VariantSpec(name, rest, weight).Validated();
    }

    public VariantSpec Validated()
    {
        if (Name.Length == 0 || Name.Length > 63 || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new CaviarValidationException("--variant", $"variant name '{Name}' must be 1-63 letters, digits, '-' or '_'");
        if (ModelPath.Length == 0) throw new CaviarValidationException("--variant", $"variant '{Name}' names no model");
        if (!(Weight >= 0) || double.IsInfinity(Weight))
            throw new CaviarValidationException("--variant", $"variant '{Name}': weight {Weight} must be a finite number >= 0");
        return this with { ModelPath = Path.GetFullPath(ModelPath) };
    }
}
