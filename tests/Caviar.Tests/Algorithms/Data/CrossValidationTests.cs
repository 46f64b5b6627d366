using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Caviar.Algorithms.Data;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Validation;

namespace Caviar.Tests.Algorithms;

/// <summary>
/// cross_validation_folds of gbt, linear and mlp: stratified, seeded folds; the per-step lines are the folds' mean, each
/// fold's value is logged (fold=K), the job's value is the mean, and the model is refit on every row. Jobs run for real
/// through <c>caviar train</c> on CSVs written here.
/// </summary>
public class CrossValidationTests
{
    [Fact]
    public void Folds_are_stratified_seeded_and_cover_every_row_once()
    {
        var random = new Random(4);
        double[] labels = [.. Enumerable.Range(0, 120).Select(i => i < 90 ? 0.0 : 1.0).OrderBy(_ => random.Next())];
        var folds = CrossValidationFolds.Make(labels.Length, 4, seed: 9, labels);

        Assert.Equal(4, folds.Count);
        Assert.Equal(Enumerable.Range(0, 120), folds.Validation.SelectMany(f => f).Order());
        for (int f = 0; f < 4; f++)
        {
            Assert.Equal(30, folds.Validation[f].Length);
            Assert.InRange(folds.Validation[f].Count(i => labels[i] == 1), 7, 8);   // 30 positives over 4 folds
            Assert.Empty(folds.Training(f).Intersect(folds.Validation[f]));
            Assert.Equal(120, folds.Training(f).Length + folds.Validation[f].Length);
        }
        Assert.Equal(folds.Validation, CrossValidationFolds.Make(labels.Length, 4, seed: 9, labels).Validation);
        Assert.NotEqual(folds.Validation, CrossValidationFolds.Make(labels.Length, 4, seed: 10, labels).Validation);

        var regression = CrossValidationFolds.Make(121, 4, seed: 1);
        Assert.Equal([31, 30, 30, 30], regression.Validation.Select(f => f.Length));
        Assert.Equal(Enumerable.Range(0, 121), regression.Validation.SelectMany(f => f).Order());
    }

    [Fact]
    public void More_folds_than_rows_is_refused_naming_the_hyperparameter()
    {
        var refusal = Assert.Throws<CaviarValidationException>(() => CrossValidationFolds.OfTrainChannel(5, 6, 0, null));
        Assert.Equal("hyperParameters.cross_validation_folds", refusal.Field);
        Assert.Contains("6 folds need at least 6 rows; the train channel has 5", refusal.Reason);
    }

    /// <summary>Rows of <see cref="WriteTable"/>'s kind in memory, with a tenth of the labels flipped (noise to overfit).</summary>
    private static Caviar.Algorithms.Tabular.TabularData NoisyTable(int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows][];
        var labels = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            features[i] = [(float)random.NextDouble(), (float)random.NextDouble(), (float)(1000 * random.NextDouble())];
            labels[i] = (features[i][0] + features[i][1] > 1) ^ (random.NextDouble() < 0.1) ? 1 : 0;
        }
        return new Caviar.Algorithms.Tabular.TabularData(features, labels, ["x1", "x2", "x3"]);
    }

    [Fact]
    public void Gbt_stops_early_on_the_folds_mean_and_refits_the_best_iteration_on_every_row()
    {
        using var dir = new TempDirectory();
        var all = NoisyTable(300, seed: 6);
        var settings = new Caviar.Algorithms.Tabular.TabularSettings
            { Iterations = 300, LearningRate = 0.5, MinDataInLeaf = 2, EarlyStoppingRounds = 5, Threads = 1, CrossValidationFolds = 3 };
        var log = new StringWriter();
        var folds = CrossValidationFolds.Make(all.Count, 3, seed: 0, all.Labels);
        var metrics = new Caviar.Algorithms.Tabular.CrossValidatedGbt(settings, log).Train(all, folds, Caviar.Algorithms.Tabular.TabularTask.Binary, dir.Path);

        var stopped = Regex.Match(log.ToString(), @"early stopping after iteration (\d+): no better mean val_logloss over the folds for 5 iterations; keeping iteration (\d+)");
        Assert.True(stopped.Success, log.ToString());
        int best = int.Parse(stopped.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.Equal(best + 5, int.Parse(stopped.Groups[1].Value, CultureInfo.InvariantCulture));
        // The folds' values at the best iteration, whose mean is the iteration's line and the result.
        var atBest = Regex.Match(log.ToString(), $@"(?m)^iteration={best} val_logloss=(\S+) ");
        Assert.Equal(Number(atBest.Groups[1].Value), metrics["val_logloss"], 8);
        Assert.Contains($"refit on all 300 rows: {best} iterations", log.ToString());
        Assert.Equal(best, Regex.Matches(File.ReadAllText(dir.File("model.txt")), "^Tree=", RegexOptions.Multiline).Count);
        Assert.True(File.Exists(dir.File("model.onnx")));
    }

    [Fact]
    public void The_mlp_stops_early_on_the_folds_mean_val_loss_and_refits_for_the_best_epoch()
    {
        using var dir = new TempDirectory();
        var table = NoisyTable(300, seed: 7);
        var all = new LabeledExamples([.. table.Features.SelectMany(r => r)], [.. table.Labels.Select(l => (long)l)], 3, null);
        var settings = new Caviar.Algorithms.Neural.NeuralSettings
        {
            HiddenUnits = [64, 64], Dropout = 0, Epochs = 60, BatchSize = 16, LearningRate = 0.02, EarlyStoppingPatience = 2,
            Threads = 1, Seed = 1, CrossValidationFolds = 3,
        };
        var log = new StringWriter();
        var folds = CrossValidationFolds.Make(all.Count, 3, seed: 1, table.Labels);
        var result = new Caviar.Algorithms.Neural.NeuralCrossValidation(settings, log).Train(all, folds, null, 2, dir.File("model"));

        Assert.Contains("early stopping: no better mean val_loss over the folds for 2 epochs", log.ToString());
        var losses = Regex.Matches(log.ToString(), @"(?m)^epoch=(\d+) .*val_loss=(\S+) ")
            .Select(m => (Epoch: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Loss: Number(m.Groups[2].Value))).ToList();
        Assert.True(losses.Count < 60, log.ToString());
        var best = losses.MinBy(l => l.Loss);
        Assert.Equal(losses.Count, best.Epoch + 2);
        Assert.Equal(best.Loss, result.BestValidationLoss, 8);
        var foldLosses = Regex.Matches(log.ToString(), @"(?m)^fold=\d+ val_loss=(\S+) ").Select(m => Number(m.Groups[1].Value)).ToList();
        Assert.Equal(3, foldLosses.Count);
        Assert.Equal(best.Loss, foldLosses.Average(), 8);
        Assert.Contains($"refit on all 300 examples: {best.Epoch} epochs", log.ToString());
        Assert.Contains("\"Standardisation\"", File.ReadAllText(dir.File("model/config.json")));
    }

    [Fact]
    public void Cross_validation_in_a_job_of_several_processes_is_refused_naming_the_hyperparameter()
    {
        using var dir = new TempDirectory();
        WriteTable(dir, "train.csv", 40, seed: 2);
        var values = new Dictionary<string, JsonElement> { ["cross_validation_folds"] = JsonSerializer.SerializeToElement(2) };
        var job = new Caviar.Algorithms.Hosting.JobContext(new Caviar.Algorithms.Hosting.HyperParameterValues(values),
            new Dictionary<string, string> { ["train"] = dir.File("train.csv") }, dir.File("ck"), dir.File("model"), dir.File("out"))
        {
            Ranks = new Caviar.Algorithms.Hosting.JobRanks(0, 2, 0, 2, [], new HashSet<string>()),
        };
        var refusal = Assert.Throws<CaviarValidationException>(() => Caviar.Algorithms.Tabular.TabularAlgorithm.Run("gbt", job, TextWriter.Null));
        Assert.Equal("hyperParameters.cross_validation_folds", refusal.Field);
        Assert.False(Directory.Exists(dir.File("model")));
    }

    /// <summary>
    /// Two classes (x1 + x2 &gt; 1, about a quarter positive) and a third feature a thousand times larger (noise), seeded.
    /// </summary>
    private static void WriteTable(TempDirectory dir, string file, int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x1,x2,x3,label\n");
        for (int i = 0; i < rows; i++)
        {
            double x1 = random.NextDouble(), x2 = random.NextDouble() * 0.9, x3 = 1000 * random.NextDouble() + 5000;
            csv.AppendLine(string.Join(',', new[] { x1, x2, x3 }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) +
                           (x1 + x2 > 1.1 ? ",1" : ",0"));
        }
        File.WriteAllText(dir.File(file), csv.ToString());
    }

    private static Dictionary<string, object> HyperParameters(string algorithm, int folds) => algorithm switch
    {
        "gbt" => new() { ["cross_validation_folds"] = folds, ["num_iterations"] = 15, ["min_data_in_leaf"] = 5, ["threads"] = 1, ["seed"] = 5 },
        "linear" => new() { ["cross_validation_folds"] = folds, ["epochs"] = 3, ["seed"] = 5 },
        _ => new()
        {
            ["cross_validation_folds"] = folds, ["epochs"] = 4, ["hidden_units"] = "16", ["batch_size"] = 32, ["threads"] = 1,
            ["learning_rate"] = 0.01, ["seed"] = 5,
        },
    };

    private static void WriteJob(TempDirectory dir, string algorithm, Dictionary<string, object> hyperParameters, bool validationChannel = false)
    {
        var channels = new List<object> { new { name = "train", path = "train.csv" } };
        if (validationChannel) channels.Add(new { name = "validation", path = "train.csv" });
        File.WriteAllText(dir.File("job.json"), JsonSerializer.Serialize(new
        {
            name = $"cv-{algorithm}",
            algorithm,
            hyperParameters,
            channels,
            metricDefinitions = new[] { new { name = "val_accuracy", regex = "val_accuracy=(?<value>\\S+)" } },
        }));
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("gbt", "iteration", "model.onnx")]
    [InlineData("linear", "epoch", "model.onnx")]
    [InlineData("mlp", "epoch", "config.json")]
    public void A_cross_validated_job_logs_the_mean_each_step_each_fold_and_the_mean_last_and_refits_on_every_row(
        string algorithm, string step, string modelFile)
    {
        using var dir = new TempDirectory();
        WriteTable(dir, "train.csv", 240, seed: 3);
        WriteJob(dir, algorithm, HyperParameters(algorithm, 4));

        var run = CliRunner.Run(dir.Path, "train", "job.json", "--artifacts", dir.File("artifacts"));
        string job = dir.File($"artifacts/jobs/cv-{algorithm}");
        string log = File.ReadAllText(Path.Combine(job, "logs/attempt-0.log"));
        Assert.True(run.ExitCode == 0, run.All + log);

        Assert.Contains("240 ", log);
        Assert.Contains("4 cross-validation folds (60, 60, 60, 60 validation", log);
        Assert.Matches($@"(?m)^{step}=1 .*val_accuracy=", log);
        var folds = Regex.Matches(log, @"(?m)^fold=(\d+) .*val_accuracy=(\S+)$");
        Assert.Equal(["1", "2", "3", "4"], folds.Select(m => m.Groups[1].Value));
        double mean = folds.Average(m => Number(m.Groups[2].Value));
        var final = Regex.Match(log, @"(?m)^final .*val_accuracy=(\S+?)( best_iteration=\d+)?$");
        Assert.True(final.Success, log);
        Assert.Equal(mean, Number(final.Groups[1].Value), 8);
        Assert.True(mean > 0.8, log);
        Assert.Contains("refit on all 240 ", log);
        Assert.True(File.Exists(Path.Combine(job, "model", modelFile)), log);

        // The last value the metric definition picks up, the job's value, is the mean over the folds.
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(job, "status.json")));
        var finalMetrics = status.RootElement.EnumerateObject().Single(p => p.Name.Equals("FinalMetrics", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.Equal(mean, finalMetrics.GetProperty("val_accuracy").GetDouble(), 8);
    }

    /// <summary>
    /// The breast-cancer table (569 rows, 30 features from about 0.001 to 4,000, 37% malignant) in 5 stratified folds:
    /// each fold validates on 113–114 rows and every algorithm classifies it about as well as scikit-learn's models do.
    /// </summary>
    [Theory]
    [InlineData("gbt")]
    [InlineData("linear")]
    [InlineData("mlp")]
    public void Five_folds_of_a_real_table_classify_it_well(string algorithm)
    {
        using var dir = new TempDirectory();
        var hyperParameters = new Dictionary<string, object> { ["cross_validation_folds"] = 5, ["seed"] = 3 };
        if (algorithm != "linear") hyperParameters["threads"] = 1;
        if (algorithm == "mlp") (hyperParameters["epochs"], hyperParameters["hidden_units"]) = (10, "32");
        File.WriteAllText(dir.File("job.json"), JsonSerializer.Serialize(new
        {
            name = $"bc-{algorithm}",
            algorithm,
            hyperParameters,
            channels = new[] { new { name = "train", path = RepositoryRoot.File("examples/data/breast-cancer/breast_cancer.csv") } },
        }));
        var run = CliRunner.Run(dir.Path, "train", "job.json", "--artifacts", dir.File("artifacts"));
        string log = File.ReadAllText(dir.File($"artifacts/jobs/bc-{algorithm}/logs/attempt-0.log"));
        Assert.True(run.ExitCode == 0, run.All + log);
        Assert.Contains("569 ", log);
        Assert.Contains("5 cross-validation folds (114, 114, 114, 114, 113 validation", log);
        var folds = Regex.Matches(log, @"(?m)^fold=\d+ .*val_accuracy=(\S+)$").Select(m => Number(m.Groups[1].Value)).ToList();
        Assert.Equal(5, folds.Count);
        Assert.True(folds.Average() > 0.93, log);
        Assert.All(folds, accuracy => Assert.True(accuracy > 0.88, log));
    }

    [Fact]
    public void A_tuning_job_s_trial_value_is_the_mean_over_the_folds()
    {
        using var dir = new TempDirectory();
        WriteTable(dir, "train.csv", 200, seed: 8);
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name = "cv-tune",
            objective = new { type = "Maximize", metricName = "val_accuracy" },
            trainingJob = new
            {
                algorithm = "gbt",
                hyperParameters = new Dictionary<string, object> { ["cross_validation_folds"] = 3, ["num_iterations"] = 10, ["threads"] = 1 },
                channels = new[] { new { name = "train", path = dir.File("train.csv") } },
                metricDefinitions = new[] { new { name = "val_accuracy", regex = "val_accuracy=(?<value>\\S+)" } },
            },
            strategy = "Random",
            seed = 2,
            hyperParameterRanges = new[] { new { type = "integer", name = "num_leaves", minValue = 2, maxValue = 8 } },
            limits = new { maxTrials = 2, maxParallel = 1 },
        }));
        var run = CliRunner.Run(dir.Path, "tune", "tune.json");
        Assert.True(run.ExitCode == 0, run.All);
        var export = CliRunner.Run(dir.Path, "export", "cv-tune", "--json");
        Assert.True(export.ExitCode == 0, export.All);
        using var trials = JsonDocument.Parse(export.Output);
        Assert.Equal(2, trials.RootElement.GetArrayLength());
        foreach (var trial in trials.RootElement.EnumerateArray())
        {
            string log = File.ReadAllText(dir.File($"caviar-artifacts/jobs/{trial.GetProperty("trainingJob").GetString()}/logs/attempt-0.log"));
            double mean = Regex.Matches(log, @"(?m)^fold=\d+ .*val_accuracy=(\S+)$").Average(m => Number(m.Groups[1].Value));
            Assert.Equal(mean, trial.GetProperty("value").GetDouble(), 8);
        }
    }

    [Theory]
    [InlineData("gbt")]
    [InlineData("linear")]
    [InlineData("mlp")]
    public void More_folds_than_rows_or_a_validation_channel_fail_the_job_naming_the_hyperparameter(string algorithm)
    {
        using var dir = new TempDirectory();
        WriteTable(dir, "train.csv", 5, seed: 1);
        WriteJob(dir, algorithm, HyperParameters(algorithm, 6));
        var tooMany = CliRunner.Run(dir.Path, "train", "job.json", "--artifacts", dir.File("a1"));
        Assert.NotEqual(0, tooMany.ExitCode);
        Assert.Equal("hyperParameters.cross_validation_folds: 6 folds need at least 6 rows; the train channel has 5",
            File.ReadAllText(dir.File($"a1/jobs/cv-{algorithm}/output/failure")).Trim());

        if (algorithm == "mlp") return;   // the neural built-ins take no validation channel
        WriteJob(dir, algorithm, HyperParameters(algorithm, 2), validationChannel: true);
        var both = CliRunner.Run(dir.Path, "train", "job.json", "--artifacts", dir.File("a2"));
        Assert.NotEqual(0, both.ExitCode);
        Assert.StartsWith("hyperParameters.cross_validation_folds: the folds are cut from the train channel",
            File.ReadAllText(dir.File($"a2/jobs/cv-{algorithm}/output/failure")).Trim());
    }
}
