using System.Diagnostics;
using System.Reflection;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Xunit.Abstractions;

namespace Caviar.Tests.Packaging;

/// <summary>
/// scripts/install-tool.sh packs the .NET tool from this checkout to a local feed and `dotnet tool install`
/// accepts it; the installed `caviar` runs, its files stay under 100 MB (the neural plugin is a package of its own),
/// it says how to add the plugin when a spec needs it, and it uses one placed in its tool folder.
/// (Slow: a Release pack of the whole command, several minutes.)
/// </summary>
public class ToolInstallTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void The_packed_tool_installs_into_a_tool_path_under_100_MB_and_finds_the_neural_plugin_there()
    {
        using var dir = new TempDirectory();
        string tools = dir.File("tools");
        var install = Run(RepositoryRoot.File("scripts/install-tool.sh"), ["--tool-path", tools], RepositoryRoot.Path,
            new() { ["CAVIAR_FEED"] = dir.File("feed"), ["CAVIAR_PACK_ARTIFACTS"] = dir.File("build") }, TimeSpan.FromMinutes(20));
        Assert.True(install.Code == 0, install.Output);

        string package = Assert.Single(Directory.GetFiles(dir.File("feed"), "Caviar.Cli.linux-x64.*.nupkg"));
        string toolFiles = Assert.Single(Directory.GetDirectories(Path.Combine(tools, ".store"), "tools", SearchOption.AllDirectories),
            d => d.Contains("caviar.cli.linux-x64"));
        long packed = new FileInfo(package).Length, files = Size(toolFiles), onDisk = Size(tools);
        output.WriteLine($"package {packed / (double)MiB:F1} MiB; tool files {files / (double)MiB:F1} MiB; " +
                         $"tool folder with dotnet's two copies of the package {onDisk / (double)MiB:F1} MiB");
        Assert.True(files <= 100 * MiB, $"the tool's files take {files / MiB} MiB");
        Assert.DoesNotContain(Directory.EnumerateFiles(toolFiles, "*", SearchOption.AllDirectories), f => f.Contains("torch", StringComparison.OrdinalIgnoreCase));

        string caviar = Path.Combine(tools, "caviar");
        var version = Run(caviar, ["--version"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.Equal((0, AssemblyName.GetAssemblyName(CliRunner.CaviarDll).Version!.ToString(3)), (version.Code, version.Output.Trim()));

        File.WriteAllText(dir.File("spec.json"), CliSpecs.Branin("installed", maxTrials: 3));
        var tune = Run(caviar, ["tune", "spec.json"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.True(tune.Code == 0, tune.Output);
        Assert.Equal(3, CliSpecs.Trials(dir, "installed").Count);

        NeuralPluginTests.WriteData(dir);
        var absent = Run(caviar, ["train", "mlp.json", "--artifacts", "artifacts"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.Equal(2, absent.Code);
        Assert.Contains("error: algorithm: mlp needs the neural plugin (Caviar.Neural", absent.Output);
        Assert.Contains("dotnet tool install --global Caviar.Neural", absent.Output);

        // The plugin as a tool install leaves it: a command in the same tool folder (here this build's caviar-neural).
        File.CreateSymbolicLink(Path.Combine(tools, "caviar-neural"), Path.Combine(AppContext.BaseDirectory, "caviar-neural"));
        var present = Run(caviar, ["train", "mlp.json", "--artifacts", "artifacts"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.True(present.Code == 0, present.Output);
        Assert.Contains("val_accuracy", present.Output);
    }

    private static long Size(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.LinkTarget is null).Sum(f => f.Length);

    /// <summary>Runs with PATH cut to the system's and dotnet's folders, so a plugin installed for this user is not seen.</summary>
    private static (int Code, string Output) Run(string program, string[] args, string workingDirectory,
        Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["PATH"] = $"{Path.GetDirectoryName(DotnetHost())}:/usr/local/bin:/usr/bin:/bin";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment.Remove("CAVIAR_STORE");
        start.Environment.Remove("CAVIAR_NEURAL");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet";
}
