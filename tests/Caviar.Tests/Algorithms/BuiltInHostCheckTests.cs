using System.Diagnostics;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Algorithms;

/// <summary>
/// The algorithm host checks the hyperparameters file against the declarations too, so a job that reached it without
/// the load-time check (a hand-written request, an older spec) fails at once with the field named, before any data is read.
/// </summary>
public class BuiltInHostCheckTests
{
    [Theory]
    [InlineData("""{ "num_trees": 10 }""", "hyperParameters.num_trees: gbt has no hyperparameter 'num_trees'")]
    [InlineData("""{ "num_leaves": 1 }""", "hyperParameters.num_leaves: 1 is outside [2, 131072]")]
    public void A_builtin_run_with_an_undeclared_or_out_of_range_value_fails_naming_it(string hyperParameters, string reason)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("hp.json"), hyperParameters);
        foreach (var sub in new[] { "model", "output", "checkpoints" }) Directory.CreateDirectory(dir.File(sub));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { CliRunner.CaviarDll, "builtin", "gbt" }) start.ArgumentList.Add(arg);
        start.Environment["CAVIAR_HYPERPARAMETERS"] = dir.File("hp.json");
        start.Environment["CAVIAR_MODEL_DIR"] = dir.File("model");
        start.Environment["CAVIAR_OUTPUT_DIR"] = dir.File("output");
        start.Environment["CAVIAR_CHECKPOINT_DIR"] = dir.File("checkpoints");
        start.Environment["CAVIAR_CHANNELS"] = "";
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(1, process.ExitCode);
        Assert.Contains(reason, File.ReadAllText(dir.File("output/failure")));
        Assert.Contains(reason, error);
    }
}
