namespace Caviar.Serving.Containers;

/// <summary>What <c>caviar deploy NAME --image T</c> starts: an inference image and the model folder it serves.</summary>
public sealed record ContainerEndpointOptions
{
    /// <summary>The endpoint's name: the registry's key, and part of the container's name.</summary>
    public required string Name { get; init; }

    /// <summary>A local image that follows SageMaker's serving contract (<c>serve</c>, port 8080, /ping, /invocations).</summary>
    public required string Image { get; init; }

    /// <summary>The model folder, mounted read-only at /opt/ml/model.</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>Address Caviar's endpoint listens on (default 127.0.0.1: this machine only).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port (default 8080; 0: any free port, written to the registry).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The bearer token every call but /ping must send; null serves without one.</summary>
    public string? Token { get; init; }

    /// <summary>Largest request body accepted, in bytes (default 8 MB); a larger one is answered 413.</summary>
    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Folder of the endpoint registry (ARTIFACTS/endpoints); null keeps the endpoint out of it.</summary>
    public string? RegistryDirectory { get; init; }

    /// <summary>How long the container may take until its /ping answers 200 (SageMaker allows 4 minutes; default 2).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one /invocations call may take in the container (SageMaker's limit, 60 s).</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock of the wait for /ping and of the registry's start time (default the system clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
