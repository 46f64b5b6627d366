namespace Caviar.Validation;

/// <summary>
/// Raised for bad user input. <see cref="Field"/> names the offending field (a JSON path such as
/// <c>hyperParameterRanges[2].minValue</c> or a parameter name) and <see cref="Reason"/> says why it was refused.
/// </summary>
public sealed class CaviarValidationException(string field, string reason)
    : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}
