using Caviar.BuiltIns;
using Caviar.Jobs.Tuning;
using Caviar.Tests.Support;
using Caviar.Validation;

namespace Caviar.Tests.Specs;

/// <summary>Specs over built-in algorithms are checked against the declared hyperparameters at load.</summary>
public class BuiltInHyperParameterCheckTests
{
    private static string Spec(string algorithm, string hyperParameters, string ranges) => $$"""
        {
          "name": "builtin",
          "objective": { "type": "Maximize", "metricName": "val_accuracy" },
          "trainingJob": {
            "algorithm": "{{algorithm}}",
            "hyperParameters": {{hyperParameters}},
            "metricDefinitions": [ { "name": "val_accuracy", "regex": "val_accuracy=(?<value>\\S+)" } ]
          },
          "hyperParameterRanges": [ {{ranges}} ],
          "limits": { "maxTrials": 3 }
        }
        """;

    private static CaviarValidationException Refused(string json) =>
        Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse(json));

    [Fact]
    public void Values_of_every_declared_type_are_accepted_as_json_or_as_text()
    {
        var spec = TuningSpecLoader.Parse(Spec("cnn",
            """{ "epochs": "4", "batch_norm": "false", "conv_channels": 16, "lr_schedule": "COSINE", "label_column": "y" }""",
            """
            { "type": "continuous", "name": "learning_rate", "minValue": 0.0001, "maxValue": 0.1, "scalingType": "Logarithmic" },
            { "type": "integer", "name": "batch_size", "minValue": 16, "maxValue": 256 },
            { "type": "categorical", "name": "optimizer", "values": ["adam", "sgd"] },
            { "type": "categorical", "name": "hidden_units", "values": ["128", "256,128", "none"] },
            { "type": "categorical", "name": "dropout", "values": ["0", "0.5"] }
            """));
        Assert.Equal("cnn", spec.TrainingJob!.Spec.Algorithm);
    }

    [Theory]
    [InlineData("gbt", """{ "num_trees": 10 }""", "trainingJob.hyperParameters.num_trees", "gbt has no hyperparameter 'num_trees'")]
    [InlineData("gbt", """{ "num_leaves": 1 }""", "trainingJob.hyperParameters.num_leaves", "1 is outside [2, 131072]")]
    [InlineData("gbt", """{ "learning_rate": 0 }""", "trainingJob.hyperParameters.learning_rate", "0 is outside (0, 1]")]
    [InlineData("linear", """{ "solver": "adam" }""", "trainingJob.hyperParameters.solver", "'adam' is not one of sdca | lbfgs")]
    [InlineData("mlp", """{ "batch_norm": "maybe" }""", "trainingJob.hyperParameters.batch_norm", "is not true or false")]
    [InlineData("mlp", """{ "hidden_units": "128,-1" }""", "trainingJob.hyperParameters.hidden_units", "comma-separated list of positive integers")]
    [InlineData("mlp", """{ "epochs": 2.5 }""", "trainingJob.hyperParameters.epochs", "2.5 is not a whole number")]
    [InlineData("mlp", """{ "lr": 0.1 }""", "trainingJob.hyperParameters.lr", "mlp has no hyperparameter 'lr'")]
    public void A_static_hyperparameter_unknown_or_out_of_range_is_refused_at_load(string algorithm, string values, string field, string reason)
    {
        var error = Refused(Spec(algorithm, values, """{ "type": "integer", "name": "epochs", "minValue": 1, "maxValue": 3 }"""
            .Replace("epochs", algorithm == "gbt" ? "num_iterations" : "epochs")));
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
    }

    [Theory]
    [InlineData("""{ "type": "continuous", "name": "learning_rate", "minValue": 0.01, "maxValue": 2 }""", "hyperParameterRanges[0].maxValue", "2 is outside gbt's 'learning_rate' range (0, 1]")]
    [InlineData("""{ "type": "integer", "name": "num_leaves", "minValue": 1, "maxValue": 8 }""", "hyperParameterRanges[0].minValue", "1 is outside gbt's 'num_leaves' range [2, 131072]")]
    [InlineData("""{ "type": "continuous", "name": "num_leaves", "minValue": 2, "maxValue": 8 }""", "hyperParameterRanges[0].type", "use an integer range")]
    [InlineData("""{ "type": "integer", "name": "booster", "minValue": 0, "maxValue": 1 }""", "hyperParameterRanges[0].type", "tune it with a categorical range of gbdt | lightgbm")]
    [InlineData("""{ "type": "categorical", "name": "booster", "values": ["gbdt", "dart"] }""", "hyperParameterRanges[0].values[1]", "'dart' is not one of gbdt | lightgbm")]
    [InlineData("""{ "type": "integer", "name": "seed", "minValue": 0, "maxValue": 9 }""", "hyperParameterRanges[0].name", "gbt's 'seed' is not tunable")]
    [InlineData("""{ "type": "integer", "name": "max_leaves", "minValue": 2, "maxValue": 9 }""", "hyperParameterRanges[0].name", "gbt has no hyperparameter 'max_leaves'")]
    public void A_tuned_range_outside_the_declaration_is_refused_at_load(string range, string field, string reason)
    {
        var error = Refused(Spec("gbt", "{}", range));
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void The_fashion_mnist_example_passes_the_declarations()
    {
        var spec = TuningSpecLoader.Parse(File.ReadAllText(RepositoryRoot.File("examples/fashion-mnist/cnn-tuning.json"))
            .Replace("/usr/share/datasets/fashion-mnist", RepositoryRoot.File("examples")));
        Assert.Equal(3, spec.Space.Count);
    }

    [Fact]
    public void The_fashion_mnist_pareto_example_tunes_the_cnn_and_its_pruning_for_accuracy_against_int8_latency_and_compressed_size()
    {
        var plan = TuningSpecLoader.Parse(File.ReadAllText(RepositoryRoot.File("examples/fashion-mnist/cnn-pareto.json"))
            .Replace("/usr/share/datasets/fashion-mnist", RepositoryRoot.File("examples")));
        Assert.Equal(["opt_accuracy", "latency_p50_ms", "model_size_compressed_kib"], plan.Objectives.Select(o => o.MetricName));
        Assert.Equal(["conv_channels", "hidden_units", "dropout", "learning_rate", "optimize.sparsity"], plan.Space.Ranges.Select(r => r.Name));
        Assert.Equal("model_size_compressed_kib", plan.Constraints.Single().MetricName);
        Assert.Equal("pruned-int8", plan.TrainingJob!.Spec.Optimize!.Variant);
        Assert.IsType<Caviar.Strategies.NsgaIIStrategy>(plan.Strategy);
    }

    [Fact]
    public void Declared_ranges_read_as_intervals()
    {
        Assert.Equal("(0, 1]", GbtHyperParameters.Gbt["learning_rate"].RangeText);
        Assert.Equal("[0, 1)", NeuralHyperParameters.Mlp["dropout"].RangeText);
        Assert.Equal("[0, ∞)", LinearHyperParameters.Linear["l2"].RangeText);
        Assert.Equal("the machine's cores; in a tuning job, the cores divided by maxParallel", GbtHyperParameters.Gbt["threads"].DefaultText);
    }
}
