using System.Text.Json;
using Caviar.BuiltIns;
using Caviar.Tests.Support;

namespace Caviar.Tests.Cli;

public class CliAlgorithmsTests
{
    [Fact]
    public void Algorithms_lists_every_built_in_and_one_algorithms_hyperparameters_as_a_table()
    {
        using var dir = new TempDirectory();
        var all = CliRunner.Run(dir.Path, "algorithms");
        Assert.True(all.ExitCode == 0, all.All);
        foreach (var name in BuiltInAlgorithmCatalog.Names) Assert.Contains($"│ {name} ", all.Output);

        var gbt = CliRunner.Run(dir.Path, "algorithms", "gbt");
        Assert.True(gbt.ExitCode == 0, gbt.All);
        Assert.Matches(@"│ num_leaves\s+│ integer\s+│ \[2, 131072\]\s+│ 31\s+│ yes\s+│", gbt.Output);
        Assert.Matches(@"│ seed\s+│ integer\s+│ .*│ 0\s+│ no\s+│", gbt.Output);
        Assert.DoesNotContain("hidden_units", gbt.Output);
    }

    [Fact]
    public void Algorithms_json_is_the_declaration()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(dir.Path, "algorithms", "mlp", "--json");
        Assert.True(run.ExitCode == 0, run.All);
        using var json = JsonDocument.Parse(run.Output);
        var mlp = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("mlp", mlp.GetProperty("name").GetString());
        var declared = NeuralHyperParameters.Mlp.HyperParameters;
        var printed = mlp.GetProperty("hyperParameters").EnumerateArray().ToList();
        Assert.Equal(declared.Select(h => h.Name), printed.Select(p => p.GetProperty("name").GetString()));
        var dropout = printed.Single(p => p.GetProperty("name").GetString() == "dropout");
        Assert.Equal(("continuous", 0.0, 1.0, true, 0.2, true),
            (dropout.GetProperty("type").GetString(), dropout.GetProperty("minValue").GetDouble(), dropout.GetProperty("maxValue").GetDouble(),
             dropout.GetProperty("maxExclusive").GetBoolean(), dropout.GetProperty("default").GetDouble(), dropout.GetProperty("tunable").GetBoolean()));
        Assert.Equal(["sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"],
            printed.Single(p => p.GetProperty("name").GetString() == "optimizer").GetProperty("values").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void An_unknown_algorithm_is_refused_naming_the_known_ones()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(dir.Path, "algorithms", "xgboost");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: NAME: unknown algorithm 'xgboost'; known: mlp, cnn, gbt, linear", run.All);
    }
}
