using System.Globalization;
using System.Text.Json;

namespace Caviar.Containers;

/// <summary>
/// One <c>podman run</c>: the image, the container's name (the engine refuses a second container of that name, so a
/// job never runs twice), what it runs, and what it is given. Environment values never appear in the arguments: each
/// is passed by name (<c>-e NAME</c>) and taken by the engine from its own environment.
/// </summary>
public sealed record ContainerRun
{
    /// <summary>The image to run (a name or an id).</summary>
    public required string Image { get; init; }

    /// <summary>The container's name: the engine refuses a second container of that name.</summary>
    public required string Name { get; init; }

    /// <summary>Replaces the image's entrypoint and command when given (the whole command line). Default: the image's entrypoint.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Arguments for the image's entrypoint when no <see cref="Command"/> is given (SageMaker's <c>train</c> or <c>serve</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Host paths seen inside the container. Default none.</summary>
    public IReadOnlyList<BindMount> Mounts { get; init; } = [];

    /// <summary>Variables set in the container, passed by name (their values never appear in the arguments). Default none.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>One of <see cref="ContainerNetwork.Names"/>. Default none. Not used in a <see cref="Pod"/> (the pod's network is).</summary>
    public string Network { get; init; } = ContainerNetwork.None;

    /// <summary>
    /// The pod the container joins (<c>--pod</c>): it shares the pod's network namespace, so the pod's containers reach
    /// each other on 127.0.0.1. Default: none (the container has its own <see cref="Network"/>).
    /// </summary>
    public string? Pod { get; init; }

    /// <summary>CPU cores the container may use (<c>--cpus</c>). Default: no limit.</summary>
    public double? Cpus { get; init; }

    /// <summary>Memory limit in bytes (<c>--memory</c>). Default: no limit.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Host GPU indices passed through as CDI devices (<c>nvidia.com/gpu=N</c>). Default none.</summary>
    public IReadOnlyList<int> Gpus { get; init; } = [];

    /// <summary>Keep standard input open (a channel streamed on stdin). Default false.</summary>
    public bool Interactive { get; init; }

    /// <summary>Container port published on the host's loopback: (host port, container port). Default none.</summary>
    public (int Host, int Container)? PublishLoopback { get; init; }

    /// <summary>Labels on the container (<c>--label</c>), for finding it again. Default none.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// More engine arguments, given just before the image (e.g. a placeholder a wrapper replaces by the devices it is
    /// given). Default none.
    /// </summary>
    public IReadOnlyList<string> EngineArguments { get; init; } = [];

    /// <summary>
    /// The arguments after the engine's name. <c>--init</c> puts a small init first, so the container's program gets
    /// the SIGTERM of <c>podman stop</c> (as PID 1 it would ignore it); <c>--rm</c> removes the container when it ends,
    /// even when the engine's client was killed. Docker's line differs in three places: a command is given as
    /// <c>--entrypoint PROGRAM IMAGE ARGS…</c> (Docker takes no JSON array there), GPUs as <c>--gpus "device=1,3"</c>, and
    /// it has no pods (a <see cref="Pod"/> is refused).
    /// </summary>
    public IReadOnlyList<string> RunArguments(ContainerEngineKind engine = ContainerEngineKind.Podman)
    {
        bool docker = engine == ContainerEngineKind.Docker;
        if (docker && Pod is not null)
            throw new ContainerEngineException("docker has no pods: a job of several processes from an image needs podman");
        var args = new List<string> { "run", "--rm", "--init", "--name", Name };
        args.AddRange(Pod is { } pod ? ["--pod", pod] : ["--network", Network]);
        if (Interactive) args.Add("--interactive");
        foreach (var (name, value) in Labels) args.AddRange(["--label", $"{name}={value}"]);
        foreach (var mount in Mounts) args.AddRange(["--volume", mount.Argument()]);
        foreach (var name in Environment.Keys) args.AddRange(["--env", name]);
        if (Cpus is { } cpus) args.AddRange(["--cpus", cpus.ToString(CultureInfo.InvariantCulture)]);
        if (MemoryBytes is { } memory) args.AddRange(["--memory", memory.ToString(CultureInfo.InvariantCulture)]);
        if (docker && Gpus.Count > 0)
            args.AddRange(["--gpus", $"\"device={string.Join(",", Gpus.Select(g => g.ToString(CultureInfo.InvariantCulture)))}\""]);
        else foreach (int gpu in Gpus) args.AddRange(["--device", $"nvidia.com/gpu={gpu}"]);
        if (PublishLoopback is { } port) args.AddRange(["--publish", $"127.0.0.1:{port.Host}:{port.Container}"]);
        args.AddRange(EngineArguments);
        if (Command is { Count: > 0 } command)
        {
            if (docker)
            {
                args.AddRange(["--entrypoint", command[0], Image, .. command.Skip(1)]);
                return args;
            }
            args.AddRange(["--entrypoint", JsonSerializer.Serialize(command), Image]);
            return args;
        }
        args.Add(Image);
        args.AddRange(Arguments);
        return args;
    }
}
