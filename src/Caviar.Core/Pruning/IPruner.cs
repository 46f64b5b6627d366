using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// Early stopping: decides from intermediate values whether a running trial should stop now (state Pruned).
/// <c>studyTrials</c> is every trial of the study as stored now, the trial itself included.
/// </summary>
public interface IPruner
{
    bool ShouldPrune(TrialRecord trial, IReadOnlyList<TrialRecord> studyTrials, ObjectiveDirection direction);
}

/// <summary>Never prunes: the default.</summary>
public sealed class NoPruning : IPruner
{
    public bool ShouldPrune(TrialRecord trial, IReadOnlyList<TrialRecord> studyTrials, ObjectiveDirection direction) =>
        false;
}
