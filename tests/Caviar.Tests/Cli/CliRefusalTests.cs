using System.Text.Json.Nodes;
using Caviar.Tests.Support;

namespace Caviar.Tests.Cli;

/// <summary>
/// Malformed specs given to the real <c>caviar</c>: each is refused with exit code 2 and <c>error: FIELD: …</c> naming
/// the JSON field exactly as the spec spells it, and nothing is written — no store file, no artifacts folder.
/// </summary>
public class CliRefusalTests
{
    private static string ScriptTuning => """
        {
          "name": "refusals",
          "objective": { "type": "Minimize", "metricName": "loss" },
          "trainingJob": {
            "command": ["/bin/true"],
            "hyperParameters": { "epochs": 3 },
            "channels": [ { "name": "train", "path": "data.csv" } ],
            "metricDefinitions": [ { "name": "loss", "regex": "loss=(?<value>\\S+)" } ],
            "stoppingCondition": { "maxRuntimeSeconds": 60 },
            "retryStrategy": { "maximumRetryAttempts": 1 }
          },
          "strategy": "Random",
          "hyperParameterRanges": [
            { "type": "continuous", "name": "lr", "minValue": 0.001, "maxValue": 0.1 },
            { "type": "integer", "name": "width", "minValue": 1, "maxValue": 8 }
          ],
          "limits": { "maxTrials": 2, "maxParallel": 1, "maxRuntimeSeconds": 60 },
          "completionCriteria": { "bestNotImprovingTrials": 5 }
        }
        """;

    private static string HyperbandTuning =>
        ScriptTuning.Replace("\"strategy\": \"Random\",", "\"strategy\": \"Hyperband\", \"hyperband\": { \"maxResource\": 9 },");

    private static string GbtTuning => """
        {
          "name": "gbt-refusals",
          "objective": { "type": "Minimize", "metricName": "val_rmse" },
          "trainingJob": {
            "algorithm": "gbt",
            "hyperParameters": { "num_iterations": 20, "threads": 1 },
            "channels": [ { "name": "train", "path": "data.csv" } ],
            "metricDefinitions": [ { "name": "val_rmse", "regex": "iteration=(?<step>\\d+) val_rmse=(?<value>\\S+)" } ]
          },
          "strategy": "Random",
          "hyperParameterRanges": [
            { "type": "continuous", "name": "learning_rate", "minValue": 0.05, "maxValue": 0.5 },
            { "type": "integer", "name": "num_leaves", "minValue": 4, "maxValue": 32 }
          ],
          "limits": { "maxTrials": 2 }
        }
        """;

    private static string PbtTuning => """
        {
          "name": "pbt-refusals",
          "objective": { "type": "Maximize", "metricName": "acc" },
          "trainingJob": {
            "command": ["/bin/true"],
            "metricDefinitions": [ { "name": "acc", "regex": "acc=(?<value>\\S+)" } ]
          },
          "strategy": "PBT",
          "pbt": { "populationSize": 4, "maxResource": 6 },
          "hyperParameterRanges": [ { "type": "continuous", "name": "lr", "minValue": 0.001, "maxValue": 0.1 } ]
        }
        """;

    private static string Training => """
        {
          "name": "refused-job",
          "command": ["/bin/true"],
          "hyperParameters": { "epochs": 3 },
          "metricDefinitions": [ { "name": "loss", "regex": "loss=(?<value>\\S+)" } ]
        }
        """;

    private static string MlpTraining => """
        {
          "name": "refused-mlp",
          "algorithm": "mlp",
          "hyperParameters": { "epochs": 3, "optimizer": "adam" },
          "channels": [ { "name": "train", "path": "data.csv" } ]
        }
        """;

    /// <summary>(which spec, JSON path to change, the new value as JSON or null to remove it, the field the refusal must name).</summary>
    public static TheoryData<string, string, string?, string> Cases => new()
    {
        { "script", "name", "\"../escape\"", "name" },
        { "script", "objective", null, "objective" },
        { "script", "objectives", """[{ "metricName": "loss", "type": "Minimize" }, { "metricName": "acc", "type": "Maximize" }]""", "objectives" },
        { "script", "constraints", """[{ "metricName": "loss" }]""", "constraints[0]" },
        { "script", "earlyStoppingObjective", "\"loss\"", "earlyStoppingObjective" },
        { "script", "strategy", "\"Annealing\"", "strategy" },
        { "script", "strategy", "\"Grid\"", "hyperParameterRanges[0].type" },
        { "script", "limits.maxParallel", "1001", "limits.maxParallel" },
        { "script", "limits.maxParallel", "0", "limits.maxParallel" },
        { "script", "limits.maxTrials", "0", "limits.maxTrials" },
        { "script", "limits.maxRuntimeSeconds", "-1", "limits.maxRuntimeSeconds" },
        { "script", "limits.maxRuntime", "60", "limits.maxRuntime" },
        { "script", "completionCriteria.bestNotImprovingTrials", "0", "completionCriteria.bestNotImprovingTrials" },
        { "script", "hyperband", """{ "maxResource": 9 }""", "hyperband" },
        { "script", "pbt", """{ "maxResource": 9 }""", "pbt" },
        { "hyperband", "hyperband.brackets", "0", "hyperband.brackets" },
        { "hyperband", "hyperband.brackets", "4", "hyperband.brackets" },
        { "pbt", "pbt", null, "pbt" },
        { "pbt", "pbt.populationSize", "1", "pbt.populationSize" },
        { "pbt", "pbt.quantileFraction", "0.75", "pbt.quantileFraction" },
        { "pbt", "pbt.perturbationInterval", "0", "pbt.perturbationInterval" },
        { "pbt", "pbt.perturbationFactors", "[1.2, 0]", "pbt.perturbationFactors[1]" },
        { "pbt", "pbt.maxResource", null, "pbt.maxResource" },
        { "pbt", "pbt.resourceHyperParameter", "\"lr\"", "pbt.resourceHyperParameter" },
        { "pbt", "trainingJob", null, "trainingJob" },
        { "pbt", "trainingJob.checkpointDir", "\"ck\"", "trainingJob.checkpointDir" },
        { "pbt", "earlyStopping", "\"Auto\"", "earlyStopping" },
        { "script", "warmStart", """{ "parentTuningJobs": [] }""", "warmStart.parentTuningJobs" },
        { "script", "hyperParameterRanges[0].minValue", "1", "hyperParameterRanges[0].minValue" },
        { "script", "hyperParameterRanges[0].type", "\"float\"", "hyperParameterRanges[0].type" },
        { "script", "hyperParameterRanges[0].type", null, "hyperParameterRanges[0].type" },
        { "script", "limits.maxTrials", "\"ten\"", "limits.maxTrials" },
        { "script", "hyperParameterRanges[1].scalingType", "\"ReverseLogarithmic\"", "hyperParameterRanges[1].scalingType" },
        { "script", "hyperParameterRanges[1].name", "\"lr\"", "hyperParameterRanges[1].name" },
        { "script", "hyperParameterRanges[1].name", "\"epochs\"", "hyperParameterRanges[1].name" },
        { "script", "hyperParameterRanges[1].name", "\"a\\u0007b\"", "hyperParameterRanges[1].name" },
        { "script", "hyperParameterRanges[1].name", $"\"{new string('w', 129)}\"", "hyperParameterRanges[1].name" },
        { "script", "trainingJob.command", null, "trainingJob.command" },
        { "script", "trainingJob.algorithm", "\"mlp\"", "trainingJob.algorithm" },
        { "script", "trainingJob.channels[0].path", "\"missing.csv\"", "trainingJob.channels[0].path" },
        { "script", "trainingJob.metricDefinitions[0].name", "\"lo\\nss\"", "trainingJob.metricDefinitions[0].name" },
        { "script", "trainingJob.metricDefinitions[0].regex", "\"loss=(?<step>\\\\S+)\"", "trainingJob.metricDefinitions[0].regex" },
        { "script", "trainingJob.metricDefinitions[0].regex", "\"loss=(\"", "trainingJob.metricDefinitions[0].regex" },
        { "script", "trainingJob.stoppingCondition.maxRuntimeSeconds", "0", "trainingJob.stoppingCondition.maxRuntimeSeconds" },
        { "script", "trainingJob.retryStrategy.maximumRetryAttempts", "99", "trainingJob.retryStrategy.maximumRetryAttempts" },
        { "script", "trainingJob.environment", """{ "CAVIAR_JOB_NAME": "x" }""", "trainingJob.environment.CAVIAR_JOB_NAME" },
        { "gbt", "trainingJob.algorithm", "\"xgboost\"", "trainingJob.algorithm" },
        { "gbt", "trainingJob.hyperParameters.num_trees", "50", "trainingJob.hyperParameters.num_trees" },
        { "gbt", "trainingJob.hyperParameters.num_leaves", "1", "trainingJob.hyperParameters.num_leaves" },
        { "gbt", "trainingJob.hyperParameters.learning_rate", "\"fast\"", "trainingJob.hyperParameters.learning_rate" },
        { "gbt", "trainingJob.hyperParameters.num_iterations", "2.5", "trainingJob.hyperParameters.num_iterations" },
        { "gbt", "trainingJob.hyperParameters.cross_validation_folds", "1", "trainingJob.hyperParameters.cross_validation_folds" },
        { "gbt", "hyperParameterRanges[0].maxValue", "5", "hyperParameterRanges[0].maxValue" },
        { "gbt", "hyperParameterRanges[1].name", "\"seed\"", "hyperParameterRanges[1].name" },
        { "gbt", "hyperParameterRanges[1].name", "\"max_leaves\"", "hyperParameterRanges[1].name" },
        { "gbt", "hyperParameterRanges[1]", """{ "type": "continuous", "name": "num_leaves", "minValue": 4, "maxValue": 32 }""", "hyperParameterRanges[1].type" },
        { "gbt", "hyperParameterRanges[1]", """{ "type": "categorical", "name": "booster", "values": ["lightgbm", "xgboost"] }""", "hyperParameterRanges[1].values[1]" },
        { "train", "name", "\"../escape\"", "name" },
        { "train", "command", null, "command" },
        { "train", "hyperParameters", $$"""{ "{{new string('h', 129)}}": 1 }""", $"hyperParameters.{new string('h', 129)}" },
        { "train", "metricDefinitions[0].regex", "\"epoch=(?<step>\\\\d+)\"", "metricDefinitions[0].regex" },
        { "train", "network", "\"bridge\"", "network" },
        { "train", "resources", """{ "memoryMegabytesPerProcess": 512 }""", "resources.memoryMegabytesPerProcess" },
        { "train", "image", "\"--privileged\"", "image" },
        { "mlp", "image", "\"local/x:1\"", "algorithm" },
        { "mlp", "hyperParameters.optimizer", "\"lbfgs\"", "hyperParameters.optimizer" },
        { "mlp", "hyperParameters.dropout", "1.5", "hyperParameters.dropout" },
        { "mlp", "hyperParameters.conv_channels", "\"32,64\"", "hyperParameters.conv_channels" },
        { "mlp", "hyperParameters.cross_validation_folds", "2.5", "hyperParameters.cross_validation_folds" },
        { "train", "optimize", """{ "variant": "int8" }""", "optimize" },
        { "gbt", "trainingJob.optimize", """{ "variant": "int8" }""", "trainingJob.optimize" },
        { "mlp", "optimize", """{ "variant": "int4" }""", "optimize.variant" },
        { "mlp", "optimize", """{ "variant": "pruned", "sparsity": 1.0 }""", "optimize.sparsity" },
        { "mlp", "optimize", """{ "testExamples": 0 }""", "optimize.testExamples" },
        { "mlp", "optimize", """{ "calibrationExamples": 0 }""", "optimize.calibrationExamples" },
        { "mlp", "optimize", """{ "threads": 0 }""", "optimize.threads" },
        { "gbt", "objective.metricName", "\"latency_p50_ms\"", "objective.metricName" },
        { "gbt", "hyperParameterRanges[1]", """{ "type": "continuous", "name": "optimize.sparsity", "minValue": 0, "maxValue": 0.9 }""", "hyperParameterRanges[1].name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_malformed_spec_is_refused_naming_the_field_and_nothing_is_written(string kind, string path, string? value, string field)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("data.csv"), "x,y\n1,2\n");
        var spec = JsonNode.Parse(kind switch
        {
            "script" => ScriptTuning, "hyperband" => HyperbandTuning, "gbt" => GbtTuning, "pbt" => PbtTuning, "train" => Training, "mlp" => MlpTraining,
            _ => throw new ArgumentException(kind),
        })!.AsObject();
        Set(spec, path, value is null ? null : JsonNode.Parse(value));
        File.WriteAllText(dir.File("spec.json"), spec.ToJsonString());

        var run = CliRunner.Run(dir.Path, kind is "train" or "mlp" ? "train" : "tune", "spec.json");

        Assert.True(run.ExitCode == 2, run.All);
        // The console wraps long lines at 80 columns, even inside a word: compare without any whitespace.
        Assert.Contains(NoSpace($"error: {field}: "), NoSpace(run.All));
        Assert.Equal(["data.csv", "spec.json"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_spec_with_three_bad_fields_prints_one_error_line_for_each()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("data.csv"), "x,y\n1,2\n");
        var spec = JsonNode.Parse(ScriptTuning)!.AsObject();
        Set(spec, "name", JsonNode.Parse("\"../escape\""));
        Set(spec, "strategy", JsonNode.Parse("\"Annealing\""));
        Set(spec, "limits.maxTrials", JsonNode.Parse("0"));
        File.WriteAllText(dir.File("spec.json"), spec.ToJsonString());

        var run = CliRunner.Run(dir.Path, "tune", "spec.json", "--parallel", "5000");

        Assert.True(run.ExitCode == 2, run.All);
        var errors = run.Error.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).Select(l => l.Split(':')[1].Trim());
        Assert.Equal(["name", "strategy", "limits.maxTrials", "--parallel"], errors);
        Assert.Equal(["data.csv", "spec.json"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Parallel_beyond_the_limit_on_the_command_line_is_refused_naming_the_option()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("data.csv"), "x,y\n1,2\n");
        File.WriteAllText(dir.File("spec.json"), ScriptTuning);
        var run = CliRunner.Run(dir.Path, "tune", "spec.json", "--parallel", "5000");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --parallel: must be between 1 and 1000", run.All);
        Assert.False(File.Exists(dir.File("caviar.db")));
    }

    [Fact]
    public void A_refused_grid_spec_writes_no_study_so_the_corrected_spec_runs()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("grid.json"), """
            { "name": "grid", "objective": { "function": "branin" }, "strategy": "Grid",
              "hyperParameterRanges": [ { "type": "continuous", "name": "x1", "minValue": -5, "maxValue": 10 },
                                        { "type": "integer", "name": "x2", "minValue": 0, "maxValue": 2 } ] }
            """);
        var refused = CliRunner.Run(dir.Path, "tune", "grid.json");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("error: hyperParameterRanges[0].type: Grid search needs categorical, integer or stepped ranges",
            System.Text.RegularExpressions.Regex.Replace(refused.All, @"\s+", " "));
        Assert.False(File.Exists(dir.File("caviar.db")));

        File.WriteAllText(dir.File("grid.json"), File.ReadAllText(dir.File("grid.json"))
            .Replace("\"type\": \"continuous\", \"name\": \"x1\"", "\"type\": \"integer\", \"name\": \"x1\""));
        var corrected = CliRunner.Run(dir.Path, "tune", "grid.json");
        Assert.True(corrected.ExitCode == 0, corrected.All);
        Assert.Contains("after 48 new trial(s)", corrected.Output);
    }

    private static string NoSpace(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", "");

    /// <summary>Sets (or with null removes) the node at a path like "a.b[1].c".</summary>
    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var steps = path.Replace("[", ".[").Split('.');
        JsonNode parent = root;
        for (int i = 0; i < steps.Length - 1; i++) parent = Child(parent, steps[i]) ?? (parent[steps[i]] = new JsonObject());
        string last = steps[^1];
        if (last.StartsWith('['))
            parent.AsArray()[int.Parse(last[1..^1])] = value;
        else if (value is null)
            parent.AsObject().Remove(last);
        else
            parent[last] = value;
    }

    private static JsonNode? Child(JsonNode node, string step) =>
        step.StartsWith('[') ? node.AsArray()[int.Parse(step[1..^1])] : node[step];
}
