using Caviar.Trials;

namespace Caviar.Studies;

/// <summary>Decides from intermediate values whether a running trial should stop early (state Pruned).</summary>
public interface IPruner
{
    bool ShouldPrune(TrialRecord trial, IReadOnlyList<TrialRecord> history, ObjectiveDirection direction);
}

/// <summary>Never prunes: the default.</summary>
public sealed class NoPruning : IPruner
{
    public bool ShouldPrune(TrialRecord trial, IReadOnlyList<TrialRecord> history, ObjectiveDirection direction) => false;
}
