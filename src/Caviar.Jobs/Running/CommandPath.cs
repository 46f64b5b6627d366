namespace Caviar.Jobs.Running;

/// <summary>
/// Finds the program a job's command names, as execvp would (a name with a slash relative to the working directory,
/// else the PATH), so that a command that cannot start is reported as such rather than as the shim's exit code.
/// </summary>
internal static class CommandPath
{
    /// <summary>Null when the program can be started, else why not ("No such file or directory", "Permission denied").</summary>
    public static string? WhyNotStartable(string program, string workingDirectory, string? pathVariable)
    {
        IEnumerable<string> candidates = program.Contains('/')
            ? [Path.GetFullPath(program, workingDirectory)]
            : (pathVariable ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(Path.GetFullPath(dir, workingDirectory), program));
        bool found = false;
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate)) continue;
            found = true;
            if (IsExecutable(candidate)) return null;
        }
        return found ? "Permission denied" : "No such file or directory";
    }

    private static bool IsExecutable(string file) => OperatingSystem.IsWindows() ||
        (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
