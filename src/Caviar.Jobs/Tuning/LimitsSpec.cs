using Caviar.Studies;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>Limits as written in a spec, turned into <see cref="TuningLimits"/> by <see cref="ToLimits"/>.</summary>
public sealed record LimitsSpec
{
    /// <summary>Most trials in the study. Default 50.</summary>
    public int? MaxTrials { get; init; } = 50;

    /// <summary>Trials running at once, 1 to 1,000 (<see cref="TuningLimits.MaxParallelLimit"/>). Default 1.</summary>
    public int MaxParallel { get; init; } = 1;

    /// <summary>Wall-clock budget of one run in seconds. Default: none.</summary>
    public double? MaxRuntimeSeconds { get; init; }

    /// <summary>Checks the limits, naming each field as the spec spells it (<c>limits.maxRuntimeSeconds</c>); reports every bad one.</summary>
    public void Validate(string field = "limits")
    {
        var errors = new ValidationErrors();
        if (MaxTrials is < 1)
            errors.Add($"{field}.maxTrials", "must be at least 1");
        if (MaxParallel is < 1 or > TuningLimits.MaxParallelLimit)
            errors.Add($"{field}.maxParallel", $"must be between 1 and {TuningLimits.MaxParallelLimit}");
        if (MaxRuntimeSeconds is { } seconds && !(seconds > 0 && seconds <= MaxRuntimeSecondsLimit))
            errors.Add($"{field}.maxRuntimeSeconds", $"must be positive and at most {MaxRuntimeSecondsLimit} (a year)");
        errors.ThrowIfAny();
    }

    /// <summary>The longest budget a run may have: a year, in seconds.</summary>
    public const double MaxRuntimeSecondsLimit = 365 * 86_400;

    public TuningLimits ToLimits() => new()
    {
        MaxTrials = MaxTrials,
        MaxParallel = MaxParallel,
        MaxRuntime = MaxRuntimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    };
}
