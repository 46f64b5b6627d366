using System.Diagnostics;
using System.Reflection;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Packaging;

/// <summary>
/// scripts/install-tool.sh packs the .NET tool from this checkout to a local feed and `dotnet tool install`
/// accepts it; the installed `caviar` runs. (Slow: a Release pack of the whole command, several minutes.)
/// </summary>
public class ToolInstallTests
{
    [Fact]
    public void The_packed_tool_installs_into_a_tool_path_and_runs_version_and_a_tune()
    {
        using var dir = new TempDirectory();
        string tools = dir.File("tools");
        var install = Run(RepositoryRoot.File("scripts/install-tool.sh"), ["--tool-path", tools], RepositoryRoot.Path,
            new() { ["CAVIAR_FEED"] = dir.File("feed"), ["CAVIAR_PACK_ARTIFACTS"] = dir.File("build") }, TimeSpan.FromMinutes(20));
        Assert.True(install.Code == 0, install.Output);
        Assert.Single(Directory.GetFiles(dir.File("feed"), "Caviar.Cli.*.nupkg"));

        string caviar = Path.Combine(tools, "caviar");
        var version = Run(caviar, ["--version"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.Equal((0, AssemblyName.GetAssemblyName(CliRunner.CaviarDll).Version!.ToString(3)), (version.Code, version.Output.Trim()));

        File.WriteAllText(dir.File("spec.json"), CliSpecs.Branin("installed", maxTrials: 3));
        var tune = Run(caviar, ["tune", "spec.json"], dir.Path, [], TimeSpan.FromMinutes(2));
        Assert.True(tune.Code == 0, tune.Output);
        Assert.Equal(3, CliSpecs.Trials(dir, "installed").Count);
    }

    private static (int Code, string Output) Run(string program, string[] args, string workingDirectory,
        Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment.Remove("CAVIAR_STORE");
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
}
