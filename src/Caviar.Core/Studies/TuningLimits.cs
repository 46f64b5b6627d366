using Caviar.Validation;

namespace Caviar.Studies;

/// <summary>Resource limits of one tuning run.</summary>
public sealed record TuningLimits
{
    /// <summary>Most trials the study may hold in all (trials from earlier runs of a resumed study count). Default: none.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>The most trials that may run at once: 1,000.</summary>
    public const int MaxParallelLimit = 1000;

    /// <summary>Most trials running at once in this process (1 to <see cref="MaxParallelLimit"/>). Default 1.</summary>
    public int MaxParallel { get; init; } = 1;

    /// <summary>Wall-clock budget of this run; running trials are told to stop when it is spent. Default: none.</summary>
    public TimeSpan? MaxRuntime { get; init; }

    /// <summary>Checks the limits; refusals name <paramref name="field"/>.maxTrials, .maxParallel or .maxRuntime.</summary>
    public void Validate(string field)
    {
        if (MaxTrials is < 1)
            throw new CaviarValidationException($"{field}.maxTrials", "must be at least 1");
        if (MaxParallel is < 1 or > MaxParallelLimit)
            throw new CaviarValidationException($"{field}.maxParallel", $"must be between 1 and {MaxParallelLimit}");
        if (MaxRuntime is { } runtime && runtime <= TimeSpan.Zero)
            throw new CaviarValidationException($"{field}.maxRuntime", "must be positive");
    }
}
