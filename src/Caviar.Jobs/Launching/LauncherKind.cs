namespace Caviar.Jobs.Launching;

/// <summary>
/// Where a job's processes run, as <c>--launcher</c> names it; the spec checks that depend on the place (this host's
/// GPUs, the local container engine's images) take it.
/// </summary>
public enum LauncherKind
{
    /// <summary>On this host (the default): the local container engine must hold a job's image.</summary>
    Local,
    /// <summary>In a Slurm allocation: the image runs with <c>podman run</c> on the node, so it is checked here as for local.</summary>
    Slurm,
    /// <summary>In a Kubernetes Job's pod: the cluster pulls the image, so the local engine is not asked about it.</summary>
    Kubernetes,
}
