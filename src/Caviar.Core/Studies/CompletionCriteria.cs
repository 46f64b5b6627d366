using Caviar.Validation;

namespace Caviar.Studies;

/// <summary>When a tuning run may end before its limits: SageMaker's TuningJobCompletionCriteria.</summary>
public sealed record CompletionCriteria
{
    /// <summary>End once the best value is at least this good (≤ when minimising, ≥ when maximising). Default: none.</summary>
    public double? TargetObjectiveValue { get; init; }

    /// <summary>End after this many completed trials in a row fail to beat the best. Default: none.</summary>
    public int? BestNotImprovingTrials { get; init; }

    /// <summary>End once the run has converged; see <see cref="Studies.Convergence"/> for the rule and its defaults. Default: off.</summary>
    public Convergence? Convergence { get; init; }

    /// <summary>Checks the criteria; refusals name <paramref name="field"/> and the criterion (<c>FIELD.bestNotImprovingTrials</c>).</summary>
    public void Validate(string field)
    {
        Convergence?.Validate($"{field}.convergence");
        if (TargetObjectiveValue is { } target && !double.IsFinite(target))
            throw new CaviarValidationException($"{field}.targetObjectiveValue", "must be a finite number");
        if (BestNotImprovingTrials is < 1)
            throw new CaviarValidationException($"{field}.bestNotImprovingTrials", "must be at least 1");
    }
}
