namespace Caviar.Containers;

/// <summary>What one engine command (e.g. <c>podman image inspect</c>) printed and how it exited.</summary>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="Output">What it printed on standard output.</param>
/// <param name="Error">What it printed on standard error.</param>
public sealed record EngineResult(int ExitCode, string Output, string Error)
{
    /// <summary>Whether the command exited 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
