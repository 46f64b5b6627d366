using Caviar.Jobs.Launching;
using Caviar.Storage;

namespace Caviar.Server;

/// <summary>What the HTTP API serves and how; defaults on each property.</summary>
public sealed record ServerOptions
{
    /// <summary>Where to listen. Default http://127.0.0.1:8080 (loopback only).</summary>
    public string Url { get; init; } = "http://127.0.0.1:8080";

    /// <summary>The bearer token every request must carry. Required.</summary>
    public required string Token { get; init; }

    /// <summary>Opens the study store (one per request).</summary>
    public required Func<IStudyStore> OpenStore { get; init; }

    /// <summary>The artifacts folder of jobs started through the API.</summary>
    public required string ArtifactsRoot { get; init; }

    /// <summary>Runs trial jobs of tuning jobs started through the API.</summary>
    public required ITrialLauncher Launcher { get; init; }

    /// <summary>
    /// What <see cref="Launcher"/> is, for the checks of submitted tuning specs that depend on it (under Kubernetes a
    /// training job's image is not looked for here). Default <see cref="LauncherKind.Local"/>.
    /// </summary>
    public LauncherKind LauncherKind { get; init; } = LauncherKind.Local;

    /// <summary>Where relative paths in submitted specs are resolved. Default: the current directory.</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>
    /// The largest request body accepted, in bytes; a larger one is answered 413. Default 1 MiB (1,048,576 bytes):
    /// a tuning spec is a few kilobytes.
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = DefaultMaxRequestBodyBytes;

    /// <summary>The default of <see cref="MaxRequestBodyBytes"/>: 1 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 1 << 20;

    /// <summary>
    /// The folders (and everything under them) that channels of jobs submitted through the API may read. Default: none,
    /// so a job submitted through the API may have no channels (jobs started from the command line are not confined).
    /// </summary>
    public IReadOnlyList<string> DataRoots { get; init; } = [];

    /// <summary>
    /// How to start the <c>caviar</c> program for endpoints created through the API (<c>caviar deploy</c>, a process
    /// of its own). Default: this program (the running <c>caviar</c>).
    /// </summary>
    public IReadOnlyList<string> CaviarCommand { get; init; } = RunnerCommand.OfCurrentProcess();

    /// <summary>The clock of the waits and times of the API's own work (default the system clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
