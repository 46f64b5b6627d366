namespace Caviar.Containers;

/// <summary>What one engine command (e.g. <c>podman image inspect</c>) printed and how it exited.</summary>
public sealed record EngineResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}
