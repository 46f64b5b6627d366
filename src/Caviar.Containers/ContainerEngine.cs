using System.Diagnostics;

namespace Caviar.Containers;

/// <summary>
/// Podman, run with Caviar's own settings: <c>CONTAINERS_CONF</c> is the containers.conf shipped next to this
/// assembly (runc, cgroupfs, no ulimits), unless the environment already names one. The program is <c>podman</c> on
/// PATH, else <c>docker</c> on PATH, or <c>CAVIAR_CONTAINER_ENGINE</c> where set (a path, or a name looked up on PATH:
/// <c>docker</c>, <c>podman</c>).
/// </summary>
public sealed class ContainerEngine
{
    /// <summary>How long a short engine command (inspect, rm, stop) may take before it is given up. 2 minutes.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private ContainerEngine(string program, string configFile)
    {
        Program = program;
        ConfigFile = configFile;
        Kind = Path.GetFileName(program).Contains("docker", StringComparison.Ordinal) ? ContainerEngineKind.Docker : ContainerEngineKind.Podman;
    }

    /// <summary>Which engine <see cref="Program"/> is (Docker when its file name says docker, else Podman).</summary>
    public ContainerEngineKind Kind { get; }

    /// <summary>The engine at <paramref name="program"/> with <paramref name="configFile"/> as its containers.conf (Podman's).</summary>
    public static ContainerEngine At(string program, string configFile) => new(program, configFile);

    /// <summary>The engine's executable.</summary>
    public string Program { get; }

    /// <summary>The containers.conf the engine runs with.</summary>
    public string ConfigFile { get; }

    /// <summary>The engine, or null when it is not installed.</summary>
    public static ContainerEngine? TryFind()
    {
        string? program = Environment.GetEnvironmentVariable("CAVIAR_CONTAINER_ENGINE") is { Length: > 0 } given
            ? (given.Contains('/', StringComparison.Ordinal) ? (File.Exists(given) ? given : null) : Locate(given))
            : Locate("podman") ?? Locate("docker");
        if (program is null) return null;
        string config = Environment.GetEnvironmentVariable("CONTAINERS_CONF") is { Length: > 0 } own
            ? own : Path.Combine(AppContext.BaseDirectory, "containers.conf");
        return new ContainerEngine(program, config);
    }

    /// <summary>The engine; throws <see cref="ContainerEngineException"/> saying how to install it when it is missing.</summary>
    public static ContainerEngine Find() =>
        TryFind() ?? throw new ContainerEngineException(
            Environment.GetEnvironmentVariable("CAVIAR_CONTAINER_ENGINE") is { Length: > 0 } given
                ? $"the container engine '{given}' (CAVIAR_CONTAINER_ENGINE) does not exist"
                : $"podman is not installed; {EngineFixes.Install}");

    /// <summary>A start for <c>podman ARGS</c> with output redirected; <paramref name="environment"/> is added to its own.</summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["CONTAINERS_CONF"] = ConfigFile;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return start;
    }

    /// <summary>The start of one container run (its output is the container's).</summary>
    public ProcessStartInfo StartInfo(ContainerRun run)
    {
        var start = StartInfo(run.RunArguments(Kind), run.Environment);
        start.RedirectStandardInput = run.Interactive;
        return start;
    }

    /// <summary>Runs a short engine command to its end and returns what it printed.</summary>
    public EngineResult Run(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ContainerEngineException($"'podman {string.Join(' ', arguments)}' did not answer within {CommandTimeout.TotalSeconds} s");
        }
        process.WaitForExit();
        return new EngineResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The image's configuration, or null when no local image has that name.</summary>
    public ImageConfig? InspectImage(string image)
    {
        var result = Run("image", "inspect", image);
        if (result.Succeeded) return ImageConfig.Parse(result.Output);
        if (result.Error.Contains("image not known", StringComparison.OrdinalIgnoreCase)
            || result.Error.Contains("no such image", StringComparison.OrdinalIgnoreCase)) return null;
        throw new ContainerEngineException($"podman does not work: {EngineFixes.Explain(result.Error, ConfigFile)}");
    }

    /// <summary>Whether a container of that name exists (running or not).</summary>
    public bool ContainerExists(string name) =>
        (Kind == ContainerEngineKind.Docker ? Run("container", "inspect", "--format", "{{.Name}}", name) : Run("container", "exists", name)).ExitCode == 0;

    /// <summary>
    /// Stops the named containers: SIGTERM, then SIGKILL after <paramref name="grace"/>; then removes them. Names that
    /// are not there are skipped.
    /// </summary>
    public void StopAndRemove(IEnumerable<string> names, TimeSpan grace)
    {
        var list = names.ToList();
        if (list.Count == 0) return;
        string seconds = ((int)Math.Ceiling(grace.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Kind == ContainerEngineKind.Docker)
        {
            // Docker has no --ignore: a name that is not there makes it fail after doing the others.
            Run(["stop", "--time", seconds, .. list]);
            var gone = Run(["rm", "--force", .. list]);
            if (!gone.Succeeded && !gone.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .All(line => line.Contains("No such container", StringComparison.OrdinalIgnoreCase)))
                throw new ContainerEngineException($"cannot remove container(s) {string.Join(", ", list)}: {gone.Error.Trim()}");
            return;
        }
        Run(["stop", "--ignore", "--time", seconds, .. list]);
        var removed = Run(["rm", "--force", "--ignore", "--time", "0", .. list]);
        if (!removed.Succeeded)
            throw new ContainerEngineException($"cannot remove container(s) {string.Join(", ", list)}: {removed.Error.Trim()}");
    }

    /// <summary>
    /// Creates a pod (<c>podman pod create</c>) whose containers share one network namespace on
    /// <paramref name="network"/> (one of <see cref="ContainerNetwork.Names"/>), removing first a pod left with that name.
    /// </summary>
    public void CreatePod(string name, string network, IReadOnlyDictionary<string, string> labels)
    {
        EnsurePods();
        RemovePods([name]);
        var args = new List<string> { "pod", "create", "--name", name, "--network", network };
        foreach (var (label, value) in labels) args.AddRange(["--label", $"{label}={value}"]);
        var created = Run([.. args]);
        if (!created.Succeeded)
            throw new ContainerEngineException($"cannot create pod {name}: {EngineFixes.Explain(created.Error, ConfigFile)}");
    }

    /// <summary>Removes the named pods with their containers (killed at once); names that are not there are skipped.</summary>
    public void RemovePods(IEnumerable<string> names)
    {
        var list = names.ToList();
        if (list.Count == 0 || Kind == ContainerEngineKind.Docker) return;   // Docker never made one
        var removed = Run(["pod", "rm", "--force", "--ignore", "--time", "0", .. list]);
        if (!removed.Succeeded)
            throw new ContainerEngineException($"cannot remove pod(s) {string.Join(", ", list)}: {removed.Error.Trim()}");
    }

    /// <summary>The names of the pods that carry the label <paramref name="label"/>=<paramref name="value"/>.</summary>
    public IReadOnlyList<string> PodsLabelled(string label, string value)
    {
        if (Kind == ContainerEngineKind.Docker) return [];
        var listed = Run("pod", "ps", "--filter", $"label={label}={value}", "--format", "{{.Name}}");
        if (!listed.Succeeded) throw new ContainerEngineException($"cannot list pods: {listed.Error.Trim()}");
        return listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The host process id of the container's first process, or null when it is not running.</summary>
    public int? MainProcessId(string name)
    {
        var result = Run("container", "inspect", "--format", "{{.State.Pid}}", name);
        return result.Succeeded && int.TryParse(result.Output.Trim(), out int pid) && pid > 0 ? pid : null;
    }

    private void EnsurePods()
    {
        if (Kind == ContainerEngineKind.Docker)
            throw new ContainerEngineException("docker has no pods: a job of several processes from an image needs podman (CAVIAR_CONTAINER_ENGINE=podman)");
    }

    private static string? Locate(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
