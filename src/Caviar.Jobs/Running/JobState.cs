namespace Caviar.Jobs.Running;

public enum JobState
{
    Running,
    Completed,
    Failed,
    /// <summary>Stopped on request or because its max runtime was spent.</summary>
    Stopped,
    /// <summary>Ended because the tuning job's pruner asked (early stopping); its trial is Pruned.</summary>
    Pruned,
}
