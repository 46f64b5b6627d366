namespace Caviar.Jobs.Layout;

/// <summary>The folder under which jobs keep their files.</summary>
public static class ArtifactsRoot
{
    /// <summary>Default: $CAVIAR_ARTIFACTS, else ./caviar-artifacts.</summary>
    public static string Resolve(string? given) =>
        Path.GetFullPath(given ?? Environment.GetEnvironmentVariable("CAVIAR_ARTIFACTS") ?? "caviar-artifacts");
}
