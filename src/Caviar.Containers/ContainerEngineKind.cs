namespace Caviar.Containers;

/// <summary>The container engines Caviar drives; their command lines differ in a few places (see <see cref="ContainerRun.RunArguments"/>).</summary>
public enum ContainerEngineKind
{
    /// <summary>Podman (daemonless; pods; CDI devices; the engine Caviar is tested with).</summary>
    Podman,

    /// <summary>Docker (no pods: a job of one container per process needs Podman; GPUs through <c>--gpus</c>).</summary>
    Docker,
}
