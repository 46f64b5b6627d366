using System.Globalization;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Packaging;

/// <summary>
/// mlp and cnn, and the ONNX export of their models, run in the neural plugin (caviar-neural), found beside
/// caviar.dll in this build; with the plugin absent (CAVIAR_NEURAL set empty), every verb that needs it refuses
/// before writing anything, saying how to add it.
/// </summary>
public class NeuralPluginTests
{
    private static readonly Dictionary<string, string> NoPlugin = new() { ["CAVIAR_NEURAL"] = "" };

    /// <summary>mlp.json: 3 epochs of an mlp on train.csv, two classes of 4 features split by the first one's sign (seeded).</summary>
    internal static void WriteData(TempDirectory dir)
    {
        var random = new Random(7);
        var csv = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < 300; i++)
        {
            double[] x = [.. Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 2 - 1)];
            csv.AppendLine(string.Join(',', x.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + (x[0] > 0 ? ",1" : ",0"));
        }
        File.WriteAllText(dir.File("train.csv"), csv.ToString());
        File.WriteAllText(dir.File("mlp.json"), JsonSerializer.Serialize(new
        {
            name = "plugin-mlp",
            algorithm = "mlp",
            hyperParameters = new Dictionary<string, object> { ["epochs"] = 3, ["hidden_units"] = "16", ["batch_size"] = 32, ["threads"] = 1 },
            channels = new[] { new { name = "train", path = "train.csv" } },
            metricDefinitions = new[] { new { name = "val_accuracy", regex = "val_accuracy=(?<value>\\S+)" } },
        }));
    }

    [Fact]
    public void Caviar_train_runs_an_mlp_in_the_plugin_found_beside_it()
    {
        using var dir = new TempDirectory();
        WriteData(dir);
        var run = CliRunner.Run(dir.Path, "train", "mlp.json", "--artifacts", dir.File("artifacts"));
        Assert.True(run.ExitCode == 0, run.All);
        string log = File.ReadAllText(Directory.GetFiles(dir.File("artifacts"), "*.log", SearchOption.AllDirectories).Single());
        Assert.Contains("epoch=3 ", log);
        Assert.True(File.Exists(dir.File("artifacts/jobs/plugin-mlp/model/config.json")), log);

        // Scoring the model folder: the plugin exports it to ONNX once, then ONNX Runtime scores it in caviar.
        Directory.CreateDirectory(dir.File("in"));
        File.WriteAllText(dir.File("in/rows.csv"), "0.5,0,0,0\n-0.5,0,0,0\n0.9,0.1,-0.2,0.3\n");
        var transform = CliRunner.Run(dir.Path, "transform", "--model", dir.File("artifacts/jobs/plugin-mlp/model"),
            "--input", dir.File("in"), "--output", dir.File("out"));
        Assert.True(transform.ExitCode == 0, transform.All);
        Assert.True(File.Exists(dir.File("artifacts/jobs/plugin-mlp/model/optimized/model-fp32.onnx")));
        Assert.Equal(3, File.ReadAllLines(dir.File("out/rows.csv.out")).Length);
    }

    [Fact]
    public void Without_the_plugin_train_and_optimize_refuse_saying_how_to_add_it()
    {
        using var dir = new TempDirectory();
        WriteData(dir);
        var train = CliRunner.Run(dir.Path, NoPlugin, "train", "mlp.json", "--artifacts", dir.File("artifacts"));
        Assert.Equal(2, train.ExitCode);
        Assert.Equal("", train.Output);
        Assert.Contains("error: algorithm: mlp needs the neural plugin (Caviar.Neural", train.Error);
        Assert.Contains("dotnet tool install --global Caviar.Neural", train.Error);
        Assert.False(Directory.Exists(dir.File("artifacts/jobs/plugin-mlp")));

        Directory.CreateDirectory(dir.File("model"));
        File.WriteAllText(dir.File("model/config.json"), "{}");
        var optimize = CliRunner.Run(dir.Path, NoPlugin, "optimize", "model");
        Assert.Equal(2, optimize.ExitCode);
        Assert.Contains("error: MODEL: caviar optimize needs the neural plugin", optimize.Error);
        Assert.False(Directory.Exists(dir.File("model/optimized")));
    }

    [Fact]
    public void Caviar_algorithms_notes_on_standard_error_when_the_plugin_is_absent_and_not_when_present()
    {
        using var dir = new TempDirectory();
        var absent = CliRunner.Run(dir.Path, NoPlugin, "algorithms", "mlp");
        Assert.Equal(0, absent.ExitCode);
        Assert.Contains("hidden_units", absent.Output);
        Assert.Contains("note: mlp needs the neural plugin (Caviar.Neural", absent.Error);
        Assert.Contains("dotnet tool install --global Caviar.Neural", absent.Error);
        Assert.DoesNotContain("note:", CliRunner.Run(dir.Path, NoPlugin, "algorithms", "gbt").Error);

        var present = CliRunner.Run(dir.Path, "algorithms");
        Assert.Equal(0, present.ExitCode);
        Assert.DoesNotContain("note:", present.Error);
    }
}
