using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Caviar.Containers;
using Caviar.Jobs.Distributed;
using Caviar.Validation;

namespace Caviar.Serving.Containers;

/// <summary>
/// An inference container: the image's entrypoint with <c>serve</c>, the model folder read-only at /opt/ml/model,
/// its port 8080 published on a free loopback port (the engine's bridge network). Its output goes to
/// ENDPOINTS/NAME.container.log. A container of the same name left by a killed endpoint is removed first.
/// </summary>
internal sealed class ServingContainer : IAsyncDisposable
{
    /// <summary>How long a stopped container gets after SIGTERM before SIGKILL. 10 s.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly ContainerEngine _engine;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _lastLines = new();

    private ServingContainer(ContainerEngine engine, string name, int port, Process process, StreamWriter log)
    {
        (_engine, Name, _process, _log) = (engine, name, process, log);
        Url = new Uri($"http://127.0.0.1:{port}");
    }

    public string Name { get; }

    /// <summary>Where the container's port 8080 is reached from this host.</summary>
    public Uri Url { get; }

    public bool HasExited => _process.HasExited;

    public Task Exited => _process.WaitForExitAsync();

    /// <summary>caviar-endpoint-NAME-HASH, HASH of the registry folder (two artifact roots never clash).</summary>
    public static string NameFor(string endpoint, string? registryDirectory) =>
        $"caviar-endpoint-{endpoint}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(registryDirectory ?? "")))[..8]}";

    public static ServingContainer Start(ContainerEndpointOptions options, string logFile)
    {
        var engine = ContainerEngine.Find();
        string name = NameFor(options.Name, options.RegistryDirectory);
        if (engine.ContainerExists(name)) engine.StopAndRemove([name], TimeSpan.Zero);
        int port = FreePort.Pick();
        var run = new ContainerRun
        {
            Image = options.Image,
            Name = name,
            Arguments = [SageMakerContract.ServeArgument],
            Mounts = [new BindMount(Path.GetFullPath(options.ModelDirectory), SageMakerContract.ModelDirectory, ReadOnly: true)],
            Network = ContainerNetwork.Bridge,
            PublishLoopback = (port, SageMakerContract.ServingPort),
            Environment = new Dictionary<string, string> { ["SM_MODEL_DIR"] = SageMakerContract.ModelDirectory },
            Labels = new Dictionary<string, string> { ["caviar.endpoint"] = options.Name },
        };
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = engine.StartInfo(run) };
        var container = new ServingContainer(engine, name, port, process, log);
        process.OutputDataReceived += (_, e) => container.Line(e.Data);
        process.ErrorDataReceived += (_, e) => container.Line(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return container;
    }

    /// <summary>Waits until the container's /ping answers 200; refuses (naming --image) a container that exits or never answers.</summary>
    public async Task WaitReadyAsync(HttpClient client, TimeSpan timeout, TimeProvider clock, CancellationToken cancellation)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellation);
                throw new CaviarValidationException("--image",
                    $"the container exited before it answered /ping (exit code {_process.ExitCode}): {LastLines()}");
            }
            try
            {
                using var ping = await client.GetAsync(new Uri(Url, "/ping"), cancellation);
                if (ping.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (clock.GetUtcNow() > deadline)
                throw new CaviarValidationException("--image", $"the container's /ping did not answer 200 within {timeout.TotalSeconds} s: {LastLines()}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancellation);
        }
    }

    public string LastLines()
    {
        lock (_lastLines) return _lastLines.Count == 0 ? "(it printed nothing)" : string.Join(" | ", _lastLines);
    }

    private void Line(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _log.WriteLine(line);
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 5) _lastLines.Dequeue();
        }
    }

    /// <summary>Stops the container (SIGTERM, then SIGKILL after <see cref="StopGrace"/>), removes it, and ends its client.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.Run(() => _engine.StopAndRemove([Name], StopGrace));
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_lastLines) _log.Dispose();
    }
}
