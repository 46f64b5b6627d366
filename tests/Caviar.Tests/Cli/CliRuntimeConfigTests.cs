using System.Text.Json;

namespace Caviar.Tests.Cli;

/// <summary>
/// The caviar program's runtime settings as built (caviar.runtimeconfig.json beside caviar.dll): tiered compilation
/// promotes a method after 200 calls, not .NET's 30, so a training job's runner does not recompile its start-up's
/// methods in one burst while the job's processes train (bench/README.md, DDP vs torchrun).
/// </summary>
public sealed class CliRuntimeConfigTests
{
    [Fact]
    public void Tiered_compilation_promotes_after_200_calls()
    {
        string file = Path.ChangeExtension(CliRunner.CaviarDll, ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(file));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.Equal(200, properties.GetProperty("System.Runtime.TieredCompilation.CallCountThreshold").GetInt32());
    }
}
