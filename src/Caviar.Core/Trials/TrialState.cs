namespace Caviar.Trials;

/// <summary>The life of a trial. Only <see cref="Running"/> can change; the others are final.</summary>
public enum TrialState
{
    Running,
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
    public static bool IsFinished(this TrialState state) => state != TrialState.Running;
}
