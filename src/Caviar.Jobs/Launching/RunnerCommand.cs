using System.Reflection;

namespace Caviar.Jobs.Launching;

/// <summary>How to start <c>caviar job-run DIR</c> from the running program.</summary>
public static class RunnerCommand
{
    /// <summary>
    /// The current program's command line prefix: the apphost itself, or <c>dotnet caviar.dll</c> when run
    /// through the dotnet host.
    /// </summary>
    public static IReadOnlyList<string> OfCurrentProcess()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? [host, Assembly.GetEntryAssembly()!.Location]
            : [host];
    }
}
