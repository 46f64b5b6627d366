using Caviar.Validation;

namespace Caviar.Jobs.Specs;

/// <summary>
/// Finds the neural plugin, <c>caviar-neural</c> (package Caviar.Neural): the built-in mlp and cnn and
/// <c>caviar optimize</c> run in it, because TorchSharp's libtorch (~460 MB) would make the caviar tool five times
/// its size. Looked for, in order: <c>CAVIAR_NEURAL</c> (the plugin's program or dll; empty means "none"), beside the
/// running program's files (a build, where both projects share an output folder), beside the running executable
/// (a tool path or ~/.dotnet/tools, where both tools' commands sit), then on PATH.
/// </summary>
public static class NeuralPlugin
{
    public const string CommandName = "caviar-neural";
    public const string PackageId = "Caviar.Neural";
    public const string EnvironmentVariable = "CAVIAR_NEURAL";

    /// <summary>The built-ins that run in the plugin.</summary>
    public static IReadOnlySet<string> Algorithms { get; } =
        new HashSet<string>(Caviar.BuiltIns.BuiltInAlgorithmCatalog.NeuralNames, StringComparer.Ordinal);

    /// <summary>What to do when the plugin is absent (the message of every refusal that needs it).</summary>
    public static string HowToAdd(string what) =>
        $"{what} needs the neural plugin ({PackageId}, TorchSharp and libtorch, Linux x64, ~460 MB), which is not installed: " +
        $"dotnet tool install --global {PackageId} (from a clone: scripts/install-tool.sh --neural), " +
        $"or set {EnvironmentVariable} to its {CommandName} program";

    /// <summary>The plugin's command-line prefix, or null when it is absent.</summary>
    public static IReadOnlyList<string>? Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { } configured)
            return configured.Length == 0 ? null : File.Exists(configured) ? Program(configured) : null;
        if (Beside(AppContext.BaseDirectory) is { } besideFiles) return besideFiles;
        if (ToolFolder(AppContext.BaseDirectory) is { } toolFolder && Beside(toolFolder) is { } besideCommand) return besideCommand;
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (Executable(Path.Combine(directory, CommandName)) is { } onPath) return [onPath];
        return null;
    }

    /// <summary>The plugin's command-line prefix; refuses with <see cref="HowToAdd"/> under <paramref name="field"/> when absent.</summary>
    public static IReadOnlyList<string> Require(string field, string what) =>
        Find() ?? throw new CaviarValidationException(field, HowToAdd(what));

    /// <summary>
    /// The folder a .NET tool was installed to: the parent of the <c>.store</c> folder holding its files
    /// (FOLDER/.store/ID/VERSION/...); its commands there are links into the store, which the running process sees resolved.
    /// </summary>
    private static string? ToolFolder(string baseDirectory)
    {
        for (var directory = new DirectoryInfo(baseDirectory); directory.Parent is { } parent; directory = parent)
            if (directory.Name == ".store") return parent.FullName;
        return null;
    }

    private static IReadOnlyList<string>? Beside(string directory)
    {
        if (Executable(Path.Combine(directory, CommandName)) is { } program) return [program];
        string dll = Path.Combine(directory, CommandName + ".dll");
        return File.Exists(dll) ? Program(dll) : null;
    }

    private static IReadOnlyList<string> Program(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? [DotnetHost(), path] : [path];

    /// <summary>The dotnet host: the running one when this program runs through it, else DOTNET_HOST_PATH or dotnet on PATH.</summary>
    private static string DotnetHost()
    {
        string? process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    private static string? Executable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0) ? path : null;
}
