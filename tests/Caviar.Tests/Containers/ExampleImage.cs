using System.Diagnostics;
using Caviar.Containers;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary>
/// The example algorithm's image (examples/containers/algo), built once by scripts/build-example-images.sh, which
/// rebuilds it only when its files change; every container test runs this one image.
/// </summary>
public static class ExampleImage
{
    public const string Tag = "local/caviar-example-algo:1";

    /// <summary>The Debian + Python image it is built from: no entrypoint.</summary>
    public const string BaseTag = "local/caviar-debian-python:12";

    /// <summary>Why container tests cannot run here, or null when they can.</summary>
    public static readonly string? Unavailable = ContainerEngine.TryFind() is null
        ? "skipped: podman is not installed (scripts/install-container-deps.sh installs it)" : null;

    private static readonly Lazy<string> Built = new(Build);

    /// <summary>The image's tag, once it is built.</summary>
    public static string Ensure() => Built.Value;

    public static string Script => RepositoryRoot.File("examples/containers/algo/algo.py");

    private static string Build()
    {
        var start = new ProcessStartInfo(RepositoryRoot.File("scripts/build-example-images.sh"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"building the example image failed: {error}");
        return output.Result.Trim();
    }
}

/// <summary>A fact that runs real Podman containers; skipped, saying why, where Podman is not installed.</summary>
public sealed class PodmanFactAttribute : FactAttribute
{
    public PodmanFactAttribute()
    {
        if (ExampleImage.Unavailable is { } reason) Skip = reason;
    }
}
