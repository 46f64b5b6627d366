namespace Caviar.Containers;

/// <summary>
/// The fixes for the engine failures known on sandboxed hosts, added to the engine's own message (shared/notes'
/// recipe): crun on hybrid cgroups and raising RLIMIT_NOFILE are what Caviar's containers.conf avoids.
/// </summary>
public static class EngineFixes
{
    public const string Install = "install it: apt-get install podman runc (scripts/install-container-deps.sh)";

    public static string Explain(string engineError, string configFile)
    {
        string error = engineError.Trim();
        if (error.Contains("setrlimit", StringComparison.Ordinal) || error.Contains("hybrid mode", StringComparison.Ordinal)
            || error.Contains("crun", StringComparison.Ordinal))
            return $"{error} (the engine must use runc, cgroupfs and no ulimits: point CONTAINERS_CONF at {configFile})";
        return error;
    }
}
