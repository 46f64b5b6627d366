namespace Caviar.Containers;

/// <summary>
/// The fixes for the engine failures known on sandboxed hosts, added to the engine's own message (shared/notes'
/// recipe): crun on hybrid cgroups and raising RLIMIT_NOFILE are what Caviar's containers.conf avoids.
/// </summary>
public static class EngineFixes
{
    /// <summary>What to do when the engine is not installed.</summary>
    public const string Install = "install it: apt-get install podman runc (scripts/install-container-deps.sh)";

    /// <summary>
    /// The engine's error <paramref name="engineError"/>, trimmed, with the fix added when it is one of the known ones
    /// (use the runc/cgroupfs settings of <paramref name="configFile"/>).
    /// </summary>
    public static string Explain(string engineError, string configFile)
    {
        string error = engineError.Trim();
        if (error.Contains("setrlimit", StringComparison.Ordinal) || error.Contains("hybrid mode", StringComparison.Ordinal)
            || error.Contains("crun", StringComparison.Ordinal))
            return $"{error} (the engine must use runc, cgroupfs and no ulimits: point CONTAINERS_CONF at {configFile})";
        return error;
    }
}
