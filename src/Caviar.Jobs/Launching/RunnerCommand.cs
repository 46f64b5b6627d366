namespace Caviar.Jobs.Launching;

/// <summary>How to start <c>caviar job-run DIR</c> from the running program.</summary>
internal static class RunnerCommand
{
    /// <summary>
    /// The current program's command line prefix: the apphost (or single-file executable) itself, or
    /// <c>dotnet caviar.dll</c> when run through the dotnet host. Located from <see cref="Environment.ProcessPath"/>
    /// and <see cref="AppContext.BaseDirectory"/>, which work in a single-file publish too.
    /// </summary>
    public static IReadOnlyList<string> OfCurrentProcess()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(host) != "dotnet") return [host];
        string entry = System.Reflection.Assembly.GetEntryAssembly()!.GetName().Name!;
        return [host, Path.Combine(AppContext.BaseDirectory, entry + ".dll")];
    }
}
