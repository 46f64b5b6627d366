using System.Xml.Linq;
using Caviar.Tests.Support;

namespace Caviar.Tests.Cli;

public class CliPlotTests
{
    [Theory]
    [InlineData("history", "png")]
    [InlineData("parallel", "svg")]
    [InlineData("importance", "png")]
    [InlineData("slice", "svg")]
    public void Plots_a_study_to_png_or_svg(string kind, string format)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), """
            { "name": "plotted", "objective": { "function": "hartmann6" }, "strategy": "Random", "limits": { "maxTrials": 40 } }
            """);
        Assert.Equal(0, CliRunner.Run(dir.Path, "tune", "spec.json").ExitCode);
        string output = $"out.{format}";
        var run = CliRunner.Run(dir.Path, "plot", "plotted", "--kind", kind, "-o", output, "--width", "640", "--height", "400");
        Assert.True(run.ExitCode == 0, run.All);
        var bytes = File.ReadAllBytes(dir.File(output));
        if (format == "png")
        {
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.Equal(640, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);   // IHDR width
            Assert.True(bytes.Length > 5000, "a real chart has content");
        }
        else
        {
            var svg = XDocument.Load(dir.File(output)).Root!;
            Assert.Equal("svg", svg.Name.LocalName);
            Assert.Contains("plotted", svg.ToString());
        }
    }

    [Fact]
    public void An_unknown_kind_is_named()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), """{ "name": "p", "objective": { "function": "branin" }, "limits": { "maxTrials": 3 } }""");
        CliRunner.Run(dir.Path, "tune", "spec.json");
        var run = CliRunner.Run(dir.Path, "plot", "p", "--kind", "pie");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--kind", run.All);
    }
}
