namespace Caviar.Trials;

/// <summary>The life of a trial. <see cref="Waiting"/> and <see cref="Running"/> can change; the others are final.</summary>
public enum TrialState
{
    Running,
    /// <summary>Queued for a worker: its values are drawn (or will be) but no worker runs it now, e.g. after its
    /// worker died and the trial was requeued.</summary>
    Waiting,
    Completed,
    /// <summary>The objective threw, returned NaN, or its process died.</summary>
    Failed,
    /// <summary>Stopped early by a pruner (early stopping) because its intermediate values were poor.</summary>
    Pruned,
    /// <summary>Stopped from outside: max runtime reached, the job was stopped, or cancellation.</summary>
    Stopped,
}

public static class TrialStateExtensions
{
    public static bool IsFinished(this TrialState state) => state is not (TrialState.Running or TrialState.Waiting);
}
