using Caviar.Studies;

namespace Caviar.Cli.Rendering;

/// <summary>Why a tuning run ended, in the words of the spec field that ended it (the run's last lines).</summary>
internal static class StopReasonText
{
    public static string Of(StopReason reason) => reason switch
    {
        StopReason.MaxTrialsReached => "reached limits.maxTrials",
        StopReason.MaxRuntimeReached => "reached limits.maxRuntimeSeconds",
        StopReason.TargetReached => "reached completionCriteria.targetObjectiveValue",
        StopReason.BestNotImproving => "the best value stopped improving (completionCriteria.bestNotImprovingTrials)",
        StopReason.Converged => "converged (completionCriteria.convergence)",
        StopReason.SearchSpaceExhausted => "every point of the search space was tried",
        StopReason.Cancelled => "stopped by caviar stop or an interruption",
        _ => reason.ToString(),
    };
}
