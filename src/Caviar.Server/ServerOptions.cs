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

    /// <summary>Where relative paths in submitted specs are resolved. Default: the current directory.</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();
}
