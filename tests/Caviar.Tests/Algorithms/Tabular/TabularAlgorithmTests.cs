using System.Globalization;
using System.Text.RegularExpressions;
using Caviar.Algorithms.Tabular;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Algorithms;

public class TabularAlgorithmTests
{
    /// <summary>Synthetic tables: binary (x1 + x2 &gt; 1), multiclass (which third x1 falls in), and the regression examples.</summary>
    private static TabularData Table(string kind, int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows][];
        var labels = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            features[i] = [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()];
            labels[i] = kind == "binary" ? (features[i][0] + features[i][1] > 1 ? 1 : 0) : Math.Min(2, Math.Floor(features[i][0] * 3));
        }
        return new TabularData(features, labels, ["x1", "x2", "x3"]);
    }

    private static TabularData Regression(string file) =>
        TabularData.Load(RepositoryRoot.File($"examples/data/regression/{file}"), null);

    private static double[] Stream(string log, string metric) => Regex.Matches(log, $@"(?:iteration|epoch)=\d+ .*?{metric}=(\S+)")
        .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Gbt_classifies_and_reports_every_iteration()
    {
        using var dir = new TempDirectory();
        var log = new StringWriter();
        var settings = new TabularSettings { Iterations = 40, Threads = 2 };
        var metrics = new GradientBoostedTrees(settings, log).Train(Table("binary", 1500, 1), Table("binary", 500, 2), TabularTask.Binary, dir.Path);
        var losses = Stream(log.ToString(), "val_logloss");
        Assert.Equal(40, losses.Length);
        Assert.True(losses[^1] < losses[0] * 0.6, log.ToString());
        Assert.True(metrics["val_accuracy"] > 0.93, log.ToString());
        Assert.True(File.Exists(Path.Combine(dir.Path, "model.txt")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "model.onnx")));
    }

    [Fact]
    public void The_linear_model_is_also_exported_to_onnx_and_predicts_the_same()
    {
        using var dir = new TempDirectory();
        var train = Table("binary", 800, 11);
        var validation = Table("binary", 200, 12);
        var metrics = new LinearLearner(new TabularSettings { Epochs = 3 }, TextWriter.Null).Train(train, validation, TabularTask.Binary, dir.Path);

        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(Path.Combine(dir.Path, "model.onnx"));
        var features = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(validation.Features.SelectMany(f => f).ToArray(), [validation.Count, 3]);
        var labels = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<bool>(new bool[validation.Count], [validation.Count, 1]);
        using var results = session.Run(
            [Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("Features", features),
             Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("Label", labels)],
            ["Probability.output"]);
        var probabilities = results.First().AsEnumerable<float>().ToArray();
        double accuracy = probabilities.Select((p, i) => (p > 0.5) == (validation.Labels[i] == 1) ? 1.0 : 0.0).Average();
        Assert.Equal(metrics["val_accuracy"], accuracy, 2);
    }

    [Fact]
    public void Gbt_handles_multiclass_with_one_softmax_booster()
    {
        using var dir = new TempDirectory();
        var log = new StringWriter();
        var metrics = new GradientBoostedTrees(new TabularSettings { Iterations = 30, Threads = 2 }, log)
            .Train(Table("multi", 1500, 3), Table("multi", 500, 4), TabularTask.Multiclass, dir.Path);
        Assert.Equal(30, Stream(log.ToString(), "val_accuracy").Length);
        Assert.True(metrics["val_accuracy"] > 0.95, log.ToString());
        string model = File.ReadAllText(Path.Combine(dir.Path, "model.txt"));
        Assert.Contains("objective=multiclass num_class:3", model);
        Assert.Equal(90, Regex.Matches(model, "^Tree=", RegexOptions.Multiline).Count);   // 30 iterations × 3 classes
        Assert.Equal(["0", "1", "2"], File.ReadAllLines(Path.Combine(dir.Path, GradientBoostedTrees.ClassesFile)));
    }

    [Fact]
    public void Gbt_regresses_with_an_rmse_per_iteration_that_falls()
    {
        using var dir = new TempDirectory();
        var log = new StringWriter();
        var metrics = new GradientBoostedTrees(new TabularSettings { Iterations = 200, Threads = 2 }, log)
            .Train(Regression("train.csv"), Regression("validation.csv"), TabularTask.Regression, dir.Path);
        var rmse = Stream(log.ToString(), "val_rmse");
        Assert.Equal(200, rmse.Length);
        Assert.True(rmse[^1] < rmse[0] / 3);
        Assert.True(metrics["val_rmse"] < 1.0, log.ToString());
    }

    [Theory]
    [InlineData("sdca", TabularTask.Binary, 0.93)]
    [InlineData("lbfgs", TabularTask.Binary, 0.93)]
    [InlineData("sdca", TabularTask.Multiclass, 0.85)]
    [InlineData("lbfgs", TabularTask.Multiclass, 0.85)]
    public void Linear_classifies(string solver, TabularTask task, double minimumAccuracy)
    {
        using var dir = new TempDirectory();
        var log = new StringWriter();
        string kind = task == TabularTask.Binary ? "binary" : "multi";
        var metrics = new LinearLearner(new TabularSettings { Solver = solver, Epochs = 5, L2 = 1e-4 }, log)
            .Train(Table(kind, 1500, 5), Table(kind, 500, 6), task, dir.Path);
        Assert.True(metrics["val_accuracy"] > minimumAccuracy, log.ToString());
        Assert.Equal(solver == "sdca" ? 5 : 1, Stream(log.ToString(), "val_accuracy").Length);
    }

    [Fact]
    public void Linear_regression_recovers_a_linear_relation()
    {
        using var dir = new TempDirectory();
        var log = new StringWriter();
        var metrics = new LinearLearner(new TabularSettings { Epochs = 8 }, log)
            .Train(Regression("train.csv"), Regression("validation.csv"), TabularTask.Regression, dir.Path);
        Assert.True(metrics["val_rmse"] < 0.2, log.ToString());   // the noise is 0.1
        Assert.Equal(8, Stream(log.ToString(), "val_rmse").Length);
    }

    [Fact]
    public void The_task_is_inferred_from_the_labels()
    {
        Assert.Equal(TabularTask.Binary, Table("binary", 50, 1).InferTask());
        Assert.Equal(TabularTask.Multiclass, Table("multi", 50, 1).InferTask());
        Assert.Equal(TabularTask.Regression, Regression("validation.csv").InferTask());
    }

    [Fact]
    public void A_gbt_job_runs_through_the_cli_and_is_tunable_by_name()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tune.json"), $$"""
            {
              "name": "gbt-tune",
              "objective": { "type": "Minimize", "metricName": "val_rmse" },
              "trainingJob": {
                "algorithm": "gbt",
                "hyperParameters": { "num_iterations": 30, "threads": 1 },
                "channels": [ { "name": "train", "path": "{{RepositoryRoot.File("examples/data/regression/train.csv")}}" } ],
                "metricDefinitions": [ { "name": "val_rmse", "regex": "iteration=(?<step>\\d+) val_rmse=(?<value>\\S+)" } ]
              },
              "strategy": "Random",
              "hyperParameterRanges": [
                { "type": "continuous", "name": "learning_rate", "minValue": 0.05, "maxValue": 0.5, "scalingType": "Logarithmic" },
                { "type": "integer", "name": "num_leaves", "minValue": 4, "maxValue": 32 }
              ],
              "earlyStopping": "Auto",
              "limits": { "maxTrials": 3, "maxParallel": 1 }
            }
            """);
        var run = CliRunner.Run(dir.Path, "tune", "tune.json");
        Assert.True(run.ExitCode == 0, run.All);
        var best = CliRunner.Run(dir.Path, "best", "gbt-tune", "--json");
        Assert.True(best.ExitCode == 0, best.All);
        Assert.Contains("num_leaves", best.Output);
        string log = File.ReadAllText(dir.File("caviar-artifacts/jobs/gbt-tune-0000/logs/attempt-0.log"));
        Assert.Contains("iteration=30 val_rmse=", log);
        Assert.Contains("\"num_leaves\":", File.ReadAllText(dir.File("caviar-artifacts/jobs/gbt-tune-0000/input/config/hyperparameters.json")));
    }
}
