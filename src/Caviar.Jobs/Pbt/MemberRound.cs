using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Jobs.Pbt;

/// <summary>
/// Evaluates one member-round as <see cref="Study.EvaluateAsync(Trial, Func{Trial, CancellationToken, Task{double[]}}, CancellationToken)"/>
/// does, but a stop does not finish it: a member-round is never Stopped (final), since its member's later rounds need it.
/// </summary>
internal static class MemberRound
{
    /// <summary>The finished trial (Completed, Pruned or Failed), or null when <paramref name="stop"/> interrupted it: it stays Running.</summary>
    public static async Task<TrialRecord?> EvaluateAsync(Study study, Trial trial,
        Func<Trial, CancellationToken, Task<double[]>> objective, CancellationToken stop)
    {
        try
        {
            return study.Tell(trial, await objective(trial, stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
        catch (TrialPrunedException pruned)
        {
            return study.Tell(trial, TrialState.Pruned, pruned.Message);
        }
        catch (Exception error)
        {
            return study.Tell(trial, TrialState.Failed, TrialFailedException.ReasonOf(error));
        }
    }
}
