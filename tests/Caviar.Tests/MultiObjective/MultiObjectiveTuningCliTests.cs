using System.Text.Json;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.MultiObjective;

/// <summary>
/// A tuning spec with two objectives and a constraint, run through the CLI on SQLite with real script-mode jobs (a
/// python3 script printing three metrics); caviar best then prints the Pareto front.
/// </summary>
public class MultiObjectiveTuningCliTests
{
    /// <summary>
    /// Grid over x ∈ {0..3}, y ∈ {0, 1}: acc = x − y (maximised), latency_ms = x (minimised), size_kib = 10x (≤ 25).
    /// A trial with y = 1 is dominated by the one with y = 0 and the same x; x = 3 is infeasible (size 30). The front
    /// is therefore x ∈ {0, 1, 2} with y = 0.
    /// </summary>
    internal static string Spec(string name, string extra = "") => $$"""
        {
          "name": "{{name}}",
          "objectives": [
            { "metricName": "acc", "type": "Maximize" },
            { "metricName": "latency_ms", "type": "Minimize" }
          ],
          "constraints": [ { "metricName": "size_kib", "max": 25 } ],
          "strategy": "Grid",
          "hyperParameterRanges": [
            { "type": "integer", "name": "x", "minValue": 0, "maxValue": 3 },
            { "type": "integer", "name": "y", "minValue": 0, "maxValue": 1 }
          ],
          "trainingJob": {
            "command": ["/usr/bin/python3", "-c",
              "import json, os\nhp = json.load(open(os.environ['CAVIAR_HYPERPARAMETERS']))\nx, y = int(hp['x']), int(hp['y'])\nprint(f'acc={x - y} latency_ms={x} size_kib={10 * x}')"],
            "metricDefinitions": [
              { "name": "acc", "regex": "acc=(?<value>\\S+)" },
              { "name": "latency_ms", "regex": "latency_ms=(?<value>\\S+)" },
              { "name": "size_kib", "regex": "size_kib=(?<value>\\S+)" }
            ]
          },
          {{extra}}
          "limits": { "maxTrials": 8, "maxParallel": 2 }
        }
        """;

    [Fact]
    public void Two_objectives_and_a_constraint_run_real_jobs_and_best_prints_the_feasible_pareto_front()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), Spec("mo-cli"));
        var run = CliRunner.RunWithin(TimeSpan.FromMinutes(4), dir.Path, "tune", "spec.json");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("Pareto front of 8 trials (acc, latency_ms)", run.Output);

        var trials = CliSpecs.Trials(dir, "mo-cli");
        Assert.Equal(8, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        foreach (var trial in trials)
        {
            long x = (long)trial.ExternalParams["x"], y = (long)trial.ExternalParams["y"];
            Assert.Equal([x - y, x], trial.Values!);
            Assert.Equal([10.0 * x - 25], trial.Constraints);
        }

        var best = CliRunner.Run(dir.Path, "best", "mo-cli", "--json");
        Assert.True(best.ExitCode == 0, best.All);
        using var json = JsonDocument.Parse(best.Output);
        var root = json.RootElement;
        Assert.Equal("mo-cli", root.GetProperty("study").GetString());
        Assert.Equal(["acc:Maximize", "latency_ms:Minimize"], root.GetProperty("objectives").EnumerateArray()
            .Select(o => $"{o.GetProperty("name").GetString()}:{o.GetProperty("direction").GetString()}"));
        Assert.Equal(["size_kib ≤ 25"], root.GetProperty("constraints").EnumerateArray().Select(c => c.GetString()));
        var front = root.GetProperty("front").EnumerateArray().ToList();
        Assert.Equal([(0L, 0L), (1L, 0L), (2L, 0L)], front
            .Select(t => (t.GetProperty("params").GetProperty("x").GetInt64(), t.GetProperty("params").GetProperty("y").GetInt64()))
            .OrderBy(p => p.Item1));
        foreach (var trial in front)
        {
            long x = trial.GetProperty("params").GetProperty("x").GetInt64();
            Assert.Equal([x, x], trial.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
            int number = trial.GetProperty("number").GetInt32();
            Assert.Equal($"mo-cli-{number:D4}", trial.GetProperty("trainingJob").GetString());
            Assert.Equal(10.0 * x, trial.GetProperty("finalMetrics").GetProperty("size_kib").GetDouble());
        }

        var table = CliRunner.Run(dir.Path, "best", "mo-cli");
        Assert.True(table.ExitCode == 0, table.All);
        Assert.Contains("Pareto front of mo-cli: 3 of 8 trials, feasible: size_kib ≤ 25", table.Output);
        Assert.Contains("acc (max)", table.Output);
        Assert.Contains("latency_ms (min)", table.Output);

        var list = CliRunner.Run(dir.Path, "list", "--json");
        Assert.True(list.ExitCode == 0, list.All);
        var row = JsonDocument.Parse(list.Output).RootElement.EnumerateArray().Single();
        Assert.Equal(("Maximize,Minimize", "front of 3"), (row.GetProperty("direction").GetString(), row.GetProperty("best").GetString()));

        var csv = CliRunner.Run(dir.Path, "best", "mo-cli", "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.All);
        Assert.Equal(4, csv.Output.Trim().Split('\n').Length);
    }
    /// <summary>
    /// Early stopping with two objectives compares the objective earlyStoppingObjective names: the trials' intermediate
    /// values are that metric's per-epoch values (latency_ms = x·epoch), not the first objective's.
    /// </summary>
    [Fact]
    public void Early_stopping_reports_the_named_objectives_per_epoch_values()
    {
        using var dir = new TempDirectory();
        var spec = System.Text.Json.Nodes.JsonNode.Parse(Spec("mo-prune"))!.AsObject();
        spec["strategy"] = "Random";
        spec["earlyStopping"] = "Auto";
        spec["earlyStoppingObjective"] = "latency_ms";
        spec["hyperParameterRanges"]![0]!["minValue"] = 1;
        var job = spec["trainingJob"]!.AsObject();
        job["command"] = System.Text.Json.Nodes.JsonNode.Parse("""
            ["/usr/bin/python3", "-c", "import json, os\nhp = json.load(open(os.environ['CAVIAR_HYPERPARAMETERS']))\nx, y = int(hp['x']), int(hp['y'])\nfor e in (1, 2, 3):\n    print(f'epoch={e} acc={(x - y) * e} latency_ms={x * e}', flush=True)\nprint(f'size_kib={10 * x}')"]
            """);
        job["metricDefinitions"] = System.Text.Json.Nodes.JsonNode.Parse("""
            [{ "name": "acc", "regex": "epoch=(?<step>\\d+) acc=(?<value>\\S+)" },
             { "name": "latency_ms", "regex": "epoch=(?<step>\\d+) .*latency_ms=(?<value>\\S+)" },
             { "name": "size_kib", "regex": "size_kib=(?<value>\\S+)" }]
            """);
        spec["limits"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "maxTrials": 5, "maxParallel": 1 }""");
        File.WriteAllText(dir.File("spec.json"), spec.ToJsonString());

        var run = CliRunner.RunWithin(TimeSpan.FromMinutes(4), dir.Path, "tune", "spec.json");
        Assert.True(run.ExitCode == 0, run.All);
        var trials = CliSpecs.Trials(dir, "mo-prune");
        Assert.Equal(5, trials.Count);
        foreach (var trial in trials)
        {
            long x = (long)trial.ExternalParams["x"];
            Assert.NotEmpty(trial.IntermediateValues);
            Assert.All(trial.IntermediateValues, step => Assert.Equal(x * step.Key, step.Value));
            if (trial.State == TrialState.Completed) Assert.Equal(3 * x, trial.Values![1]);
        }
    }
}
