namespace Caviar.Containers;

/// <summary>The networks a job's container may ask for (a spec's <c>network</c>).</summary>
public static class ContainerNetwork
{
    /// <summary>No network but the container's own loopback: the default for training, as SageMaker's network isolation.</summary>
    public const string None = "none";

    /// <summary>The engine's bridge: the container reaches out (and a published port reaches in).</summary>
    public const string Bridge = "bridge";

    /// <summary>The host's own network stack.</summary>
    public const string Host = "host";

    /// <summary>Every network a spec may name.</summary>
    public static readonly IReadOnlyList<string> Names = [None, Bridge, Host];
}
