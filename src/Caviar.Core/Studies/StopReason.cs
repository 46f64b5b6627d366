using Caviar.Trials;

namespace Caviar.Studies;

public enum StopReason
{
    MaxTrialsReached,
    MaxRuntimeReached,
    TargetReached,
    BestNotImproving,
    Converged,
    SearchSpaceExhausted,
    Cancelled,
}

/// <summary>What one call to Optimize did.</summary>
public sealed record TuningOutcome(StopReason StopReason, int TrialsRun, TrialRecord? BestTrial);
