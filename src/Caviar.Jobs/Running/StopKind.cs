namespace Caviar.Jobs.Running;

/// <summary>Why a running job is asked to end: stopped by a person or a limit, or pruned by the tuning job's pruner.</summary>
internal enum StopKind
{
    Stop,
    Prune,
}
