using System.Diagnostics;
using System.Reflection;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Xunit.Abstractions;

namespace Caviar.Tests.Packaging;

/// <summary>
/// scripts/install-tool.sh packs the .NET tool from this checkout to a local feed and `dotnet tool install`
/// accepts it; the installed `caviar` runs, its files stay under 100 MB (the neural plugin is a package of its own),
/// it says how to add the plugin when a spec needs it, and with `--neural` the packed and installed plugin
/// (Caviar.Neural) is found by the installed caviar: listed as present and training the mlp.
/// (Slow: Release packs of the command and of the plugin, several minutes; one install serves every check.)
/// </summary>
public class ToolInstallTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void The_packed_tool_and_neural_plugin_install_into_a_tool_path_the_tool_under_100_MB_and_it_finds_the_plugin()
    {
        using var dir = new TempDirectory();
        string tools = dir.File("tools");
        var install = Run(RepositoryRoot.File("scripts/install-tool.sh"), ["--neural", "--tool-path", tools], RepositoryRoot.Path,
            new() { ["CAVIAR_FEED"] = dir.File("feed"), ["CAVIAR_PACK_ARTIFACTS"] = dir.File("build") }, TimeSpan.FromMinutes(40));
        Assert.True(install.Code == 0, install.Output);

        string package = Assert.Single(Directory.GetFiles(dir.File("feed"), "Caviar.Cli.linux-x64.*.nupkg"));
        string toolFiles = Assert.Single(Directory.GetDirectories(Path.Combine(tools, ".store"), "tools", SearchOption.AllDirectories),
            d => d.Contains("caviar.cli.linux-x64"));
        long packed = new FileInfo(package).Length, files = Size(toolFiles), onDisk = Size(tools);
        output.WriteLine($"package {packed / (double)MiB:F1} MiB; tool files {files / (double)MiB:F1} MiB; " +
                         $"tool folder with the neural plugin and dotnet's copies of both packages {onDisk / (double)MiB:F1} MiB");
        Assert.True(files <= 100 * MiB, $"the tool's files take {files / MiB} MiB");
        Assert.DoesNotContain(Directory.EnumerateFiles(toolFiles, "*", SearchOption.AllDirectories), f => f.Contains("torch", StringComparison.OrdinalIgnoreCase));

        string caviar = Path.Combine(tools, "caviar");
        var version = Run(caviar, ["--version"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.Equal((0, AssemblyName.GetAssemblyName(CliRunner.CaviarDll).Version!.ToString(3)), (version.Code, version.Output.Trim()));

        File.WriteAllText(dir.File("spec.json"), CliSpecs.Branin("installed", maxTrials: 3));
        var tune = Run(caviar, ["tune", "spec.json"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.True(tune.Code == 0, tune.Output);
        Assert.Equal(3, CliSpecs.Trials(dir, "installed").Count);

        // The plugin is a package of its own, installed as a command in the same tool folder; hidden, caviar says how to add it.
        Assert.Single(Directory.GetFiles(dir.File("feed"), "Caviar.Neural.linux-x64.*.nupkg"));
        string plugin = Path.Combine(tools, "caviar-neural"), hidden = plugin + ".hidden";
        Assert.True(File.Exists(plugin), "the neural plugin's command is not in the tool folder");
        Assert.Contains(Directory.GetDirectories(Path.Combine(tools, ".store")), d => Path.GetFileName(d).StartsWith("caviar.neural", StringComparison.Ordinal));
        NeuralPluginTests.WriteData(dir);
        File.Move(plugin, hidden);
        var absent = Run(caviar, ["train", "mlp.json", "--artifacts", "artifacts"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.Equal(2, absent.Code);
        Assert.Contains("error: algorithm: mlp needs the neural plugin (Caviar.Neural", absent.Output);
        Assert.Contains("dotnet tool install --global Caviar.Neural", absent.Output);
        var listedAbsent = Run(caviar, ["algorithms"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.Equal(0, listedAbsent.Code);
        Assert.Contains("needs the neural plugin", listedAbsent.Output);
        File.Move(hidden, plugin);

        var listed = Run(caviar, ["algorithms"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.True(listed.Code == 0, listed.Output);
        Assert.Contains("mlp", listed.Output);
        Assert.DoesNotContain("needs the neural plugin", listed.Output);
        var present = Run(caviar, ["train", "mlp.json", "--artifacts", "artifacts"], dir.Path, [], TimeSpan.FromMinutes(5));
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
