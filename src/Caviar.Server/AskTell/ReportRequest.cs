using Caviar.Validation;

namespace Caviar.Server.AskTell;

/// <summary>The body of <c>POST /api/studies/{name}/trials/{id}/report</c>: an intermediate value at a step.</summary>
internal sealed record ReportRequest
{
    /// <summary>The step (epoch, iteration, resource), 0 or more. Required.</summary>
    public long? Step { get; init; }

    /// <summary>The objective's value at that step. Required.</summary>
    public double? Value { get; init; }

    public void Validate()
    {
        if (Step is not { } step) throw new CaviarValidationException("step", "is required");
        if (step < 0) throw new CaviarValidationException("step", $"must be 0 or more, not {step}");
        if (Value is not { } value) throw new CaviarValidationException("value", "is required");
        if (!double.IsFinite(value)) throw new CaviarValidationException("value", "must be a finite number");
    }
}
