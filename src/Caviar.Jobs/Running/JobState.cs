namespace Caviar.Jobs.Running;

public enum JobState
{
    Running,
    Completed,
    Failed,
    /// <summary>Stopped on request or because its max runtime was spent.</summary>
    Stopped,
}
