using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Caviar.Algorithms.Hosting;
using Caviar.Algorithms.LightGbm;
using Caviar.Algorithms.Tabular;
using Caviar.Tests.Support;
using Caviar.Validation;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Caviar.Tests.Algorithms;

/// <summary>gbt on LightGBM's C API: the binding, early stopping, the log, and the ONNX export against LightGBM's own predictions.</summary>
public class LightGbmTests
{
    /// <summary>
    /// Four features. binary: x1 + x2 &gt; 1, with <paramref name="noise"/> of the labels flipped; multi: which third x1
    /// falls in, as classes 3, 5, 7; regression: a smooth function of x1, x2. x4 is NaN in <paramref name="missing"/> of rows.
    /// </summary>
    private static TabularData Table(string kind, int rows, int seed, double noise = 0, double missing = 0)
    {
        var random = new Random(seed);
        var features = new float[rows][];
        var labels = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            var x = features[i] = [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()];
            if (random.NextDouble() < missing) x[3] = float.NaN;
            labels[i] = kind switch
            {
                "binary" => (x[0] + x[1] + (float.IsNaN(x[3]) ? 0.3 : 0) > 1) != (random.NextDouble() < noise) ? 1 : 0,
                "multi" => 3 + 2 * Math.Min(2, Math.Floor(x[0] * 3)),
                _ => Math.Sin(6 * x[0]) + x[1] * x[1] + (float.IsNaN(x[3]) ? 1 : 0) + 0.05 * random.NextDouble(),
            };
        }
        return new TabularData(features, labels, ["x1", "x2", "x3", "x4"]);
    }

    private static double[] Stream(string log, string metric) => Regex.Matches(log, $@"iteration=\d+ .*?{metric}=(\S+)")
        .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Runs model.onnx on the rows with ONNX Runtime: each output by name, flattened.</summary>
    private static Dictionary<string, Array> RunOnnx(string modelFile, float[][] rows)
    {
        using var session = new InferenceSession(modelFile);
        var input = new DenseTensor<float>(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(LightGbmOnnxExport.Input, input)]);
        return results.ToDictionary(r => r.Name, r => r.Name == "label" ? (Array)r.AsEnumerable<long>().ToArray() : r.AsEnumerable<float>().ToArray());
    }

    /// <summary>Validation rows plus rows with NaN where training had none (x1: LightGBM reads it as 0) and where it had some (x4).</summary>
    private static float[][] ScoringRows(TabularData validation) =>
        [.. validation.Features, [float.NaN, 0.7f, 0.2f, 0.5f], [0.9f, float.NaN, 0.5f, float.NaN], [0f, 0f, 0f, 0f], [1f, 1f, 1f, 1f]];

    [Theory]
    [InlineData(TabularTask.Binary)]
    [InlineData(TabularTask.Multiclass)]
    [InlineData(TabularTask.Regression)]
    public void The_onnx_export_predicts_what_lightgbm_predicts_on_the_same_rows(TabularTask task)
    {
        using var dir = new TempDirectory();
        string kind = task switch { TabularTask.Binary => "binary", TabularTask.Multiclass => "multi", _ => "regression" };
        var validation = Table(kind, 400, 22, noise: 0.05, missing: 0.1);
        new GradientBoostedTrees(new TabularSettings { Iterations = 60, Threads = 2 }, TextWriter.Null)
            .Train(Table(kind, 2000, 21, noise: 0.05, missing: 0.1), validation, task, dir.Path);
        var rows = ScoringRows(validation);

        using var native = LightGbmBooster.Load(Path.Combine(dir.Path, "model.txt"));
        var expected = native.Predict(rows);
        var onnx = RunOnnx(Path.Combine(dir.Path, "model.onnx"), rows);
        if (task == TabularTask.Regression)
        {
            var score = (float[])onnx["score"];
            Assert.Equal(rows.Length, score.Length);
            for (int i = 0; i < rows.Length; i++) Assert.True(Math.Abs(score[i] - expected[i]) < 1e-4, $"row {i}: {score[i]} vs {expected[i]}");
            Assert.True(expected.Distinct().Count() > 50);   // not a constant model
            return;
        }
        var probabilities = (float[])onnx["probabilities"];
        var labels = (long[])onnx["label"];
        long[] classes = task == TabularTask.Binary ? [0, 1] : [3, 5, 7];
        int c = classes.Length;
        Assert.Equal(rows.Length * c, probabilities.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            double[] nativeRow = task == TabularTask.Binary ? [1 - expected[i], expected[i]] : expected[(i * c)..((i + 1) * c)];
            for (int k = 0; k < c; k++)
                Assert.True(Math.Abs(probabilities[i * c + k] - nativeRow[k]) < 1e-5, $"row {i} class {k}: {probabilities[i * c + k]} vs {nativeRow[k]}");
            int best = task == TabularTask.Binary ? (expected[i] > 0.5 ? 1 : 0) : Array.IndexOf(nativeRow, nativeRow.Max());
            Assert.Equal(classes[best], labels[i]);
        }
        Assert.Equal(classes, labels.Distinct().Order().ToArray());
    }

    [Fact]
    public void A_split_between_two_adjacent_floats_decides_them_as_lightgbm_does()
    {
        // LightGBM splits at the midpoint of the two values, a double between two floats; rounded to the nearest
        // float it would be b itself (b's mantissa is even), and ONNX's x <= threshold would send b left.
        float a = MathF.BitIncrement(1f), b = MathF.BitIncrement(a);
        var random = new Random(7);
        var rows = Enumerable.Range(0, 400).Select(i => new[] { i % 2 == 0 ? a : b, (float)random.NextDouble() }).ToArray();
        var data = new TabularData(rows, [.. rows.Select(r => r[0] == b ? 1.0 : 0.0)], ["x1", "x2"]);
        using var dir = new TempDirectory();
        new GradientBoostedTrees(new TabularSettings { Iterations = 5, MinDataInLeaf = 5, Threads = 1 }, TextWriter.Null)
            .Train(data, data, TabularTask.Binary, dir.Path);

        float[][] probe = [[a, 0.5f], [b, 0.5f]];
        using var native = LightGbmBooster.Load(Path.Combine(dir.Path, "model.txt"));
        var expected = native.Predict(probe);
        var onnx = RunOnnx(Path.Combine(dir.Path, "model.onnx"), probe);
        Assert.Equal([0L, 1L], (long[])onnx["label"]);
        Assert.True(expected[0] < 0.5 && expected[1] > 0.5);
        var probabilities = (float[])onnx["probabilities"];
        for (int i = 0; i < 2; i++) Assert.Equal(expected[i], probabilities[2 * i + 1], 5);
    }

    [Fact]
    public void The_printed_metric_is_lightgbms_own_on_the_validation_rows()
    {
        using var dir = new TempDirectory();
        var log = new StringWriter();
        var validation = Table("binary", 500, 32, noise: 0.1);
        var metrics = new GradientBoostedTrees(new TabularSettings { Iterations = 25, Threads = 2 }, log)
            .Train(Table("binary", 1500, 31, noise: 0.1), validation, TabularTask.Binary, dir.Path);
        using var native = LightGbmBooster.Load(Path.Combine(dir.Path, "model.txt"));
        var p = native.Predict(validation.Features);
        double logloss = -p.Select((q, i) => validation.Labels[i] == 1 ? Math.Log(q) : Math.Log(1 - q)).Average();
        double accuracy = p.Select((q, i) => (q > 0.5) == (validation.Labels[i] == 1) ? 1.0 : 0.0).Average();
        Assert.Equal(logloss, Stream(log.ToString(), "val_logloss")[^1], 6);
        Assert.Equal(logloss, metrics["val_logloss"], 6);
        Assert.Equal(accuracy, metrics["val_accuracy"], 9);
    }

    [Fact]
    public void Early_stopping_ends_training_and_keeps_the_best_iteration()
    {
        using var dir = new TempDirectory();
        var log = new StringWriter();
        var settings = new TabularSettings { Iterations = 400, LearningRate = 0.3, EarlyStoppingRounds = 10, Threads = 2 };
        var validation = Table("binary", 500, 42, noise: 0.2);
        var metrics = new GradientBoostedTrees(settings, log).Train(Table("binary", 1000, 41, noise: 0.2), validation, TabularTask.Binary, dir.Path);

        var losses = Stream(log.ToString(), "val_logloss");
        Assert.InRange(losses.Length, 11, 399);
        int best = Array.IndexOf(losses, losses.Min()) + 1;
        Assert.Equal(losses.Length - 10, best);
        Assert.Contains($"early stopping after iteration {losses.Length}: no better val_logloss for 10 iterations; keeping iteration {best}", log.ToString());
        Assert.Equal(losses.Min(), metrics["val_logloss"], 9);   // the log has 10 significant digits
        Assert.Contains($"best_iteration={best}", log.ToString().Split('\n').Single(l => l.StartsWith("final ", StringComparison.Ordinal)));

        using var native = LightGbmBooster.Load(Path.Combine(dir.Path, "model.txt"));
        Assert.Equal(best, native.CurrentIteration);
        var p = native.Predict(validation.Features);
        Assert.Equal(losses.Min(), -p.Select((q, i) => validation.Labels[i] == 1 ? Math.Log(q) : Math.Log(1 - q)).Average(), 6);
        Assert.Equal(p.Length, RunOnnx(Path.Combine(dir.Path, "model.onnx"), validation.Features)["label"].Length);
    }

    [Fact]
    public void Without_early_stopping_every_iteration_is_kept()
    {
        using var dir = new TempDirectory();
        var log = new StringWriter();
        new GradientBoostedTrees(new TabularSettings { Iterations = 60, LearningRate = 0.3, Threads = 2 }, log)
            .Train(Table("binary", 1000, 41, noise: 0.2), Table("binary", 500, 42, noise: 0.2), TabularTask.Binary, dir.Path);
        Assert.Equal(60, Stream(log.ToString(), "val_logloss").Length);
        Assert.DoesNotContain("early stopping", log.ToString());
        using var native = LightGbmBooster.Load(Path.Combine(dir.Path, "model.txt"));
        Assert.Equal(60, native.CurrentIteration);
    }

    [Fact]
    public void The_log_says_when_lightgbm_stops_growing_trees_before_num_iterations()
    {
        using var dir = new TempDirectory();
        var log = new StringWriter();
        // 60 rows and at least 40 in a leaf: no split is possible, so LightGBM keeps its constant first tree and stops.
        var metrics = new GradientBoostedTrees(new TabularSettings { Iterations = 445, MinDataInLeaf = 40, Threads = 2 }, log)
            .Train(Table("binary", 60, 51), Table("binary", 50, 52), TabularTask.Binary, dir.Path);
        Assert.Contains("LightGBM stopped growing trees after iteration 0 of 445: no leaf could be split further", log.ToString());
        Assert.Empty(Stream(log.ToString(), "val_logloss"));
        Assert.True(metrics["val_logloss"] > 0.5, log.ToString());
        Assert.True(File.Exists(Path.Combine(dir.Path, "model.onnx")));
    }

    [Fact]
    public void A_constant_model_exports_to_onnx_as_its_one_leaf()
    {
        using var dir = new TempDirectory();
        var validation = Table("binary", 50, 52);
        new GradientBoostedTrees(new TabularSettings { Iterations = 10, MinDataInLeaf = 40, Threads = 1 }, TextWriter.Null)
            .Train(Table("binary", 60, 51), validation, TabularTask.Binary, dir.Path);
        var model = LightGbmTextModel.Parse(File.ReadAllText(Path.Combine(dir.Path, "model.txt")));
        Assert.Single(Assert.Single(model.Trees).LeafValue);

        using var native = LightGbmBooster.Load(Path.Combine(dir.Path, "model.txt"));
        var expected = native.Predict(validation.Features);
        var probabilities = (float[])RunOnnx(Path.Combine(dir.Path, "model.onnx"), validation.Features)["probabilities"];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], probabilities[2 * i + 1], 6);
    }

    [Fact]
    public void The_text_model_is_read_into_lightgbms_own_tree_arrays()
    {
        using var dir = new TempDirectory();
        new GradientBoostedTrees(new TabularSettings { Iterations = 4, Leaves = 5, Threads = 1 }, TextWriter.Null)
            .Train(Table("multi", 600, 71, missing: 0.2), Table("multi", 100, 72), TabularTask.Multiclass, dir.Path);
        var model = LightGbmTextModel.Parse(File.ReadAllText(Path.Combine(dir.Path, "model.txt")));
        Assert.StartsWith("multiclass", model.Objective);
        Assert.Equal(3, model.TreesPerIteration);
        Assert.Equal(4, model.Features);
        Assert.Equal(12, model.Trees.Count);
        foreach (var tree in model.Trees)
        {
            int internalNodes = tree.LeafValue.Length - 1;
            Assert.Equal(internalNodes, tree.SplitFeature.Length);
            Assert.Equal(internalNodes, tree.Threshold.Length);
            // Every leaf and every internal node but the root is some node's child exactly once.
            var children = tree.LeftChild.Concat(tree.RightChild).Order().ToArray();
            Assert.Equal([.. Enumerable.Range(1, tree.LeafValue.Length).Select(l => ~(tree.LeafValue.Length - l)), .. Enumerable.Range(1, internalNodes - 1)], children);
        }
        // The class is which third x1 falls in: every tree's root splits on x1.
        Assert.All(model.Trees, t => Assert.Equal(0, t.SplitFeature[0]));
    }

    [Fact]
    public void Histograms_are_row_wise_for_few_threads_and_grow_the_same_trees_as_column_wise()
    {
        // LightGBM would time both layouts at the booster's creation and keep the faster; gbt chooses by its threads.
        string Trees(string directory, Action<LightGbmParameters>? extra)
        {
            new GradientBoostedTrees(new TabularSettings { Iterations = 30, Threads = 1 }, TextWriter.Null) { ExtraParameters = extra }
                .Train(Table("binary", 3000, 81, noise: 0.1, missing: 0.1), Table("binary", 300, 82), TabularTask.Binary, directory);
            string text = File.ReadAllText(Path.Combine(directory, "model.txt"));
            return text[..text.IndexOf("end of trees", StringComparison.Ordinal)];
        }
        using var rowWise = new TempDirectory();
        using var colWise = new TempDirectory();
        string chosen = Trees(rowWise.Path, null);
        Assert.Contains("[force_row_wise: 1]", File.ReadAllText(Path.Combine(rowWise.Path, "model.txt")));
        Assert.Equal(chosen, Trees(colWise.Path, p => p.Set("force_row_wise", false).Set("force_col_wise", true)));
        Assert.Contains("[force_col_wise: 1]", File.ReadAllText(Path.Combine(colWise.Path, "model.txt")));
    }

    [Theory]
    [InlineData(1, "force_row_wise")]
    [InlineData(2, "force_row_wise")]
    [InlineData(GbtParameters.RowWiseMaxThreads, "force_row_wise")]
    [InlineData(GbtParameters.RowWiseMaxThreads + 1, "force_col_wise")]
    [InlineData(64, "force_col_wise")]
    public void The_histogram_layout_is_chosen_by_the_thread_count(int threads, string key)
    {
        var parameters = GbtParameters.For(new TabularSettings { Threads = threads }, TabularTask.Binary, 2);
        Assert.Equal("true", parameters.Get(key));
        Assert.Null(parameters.Get(key == "force_row_wise" ? "force_col_wise" : "force_row_wise"));
    }

    [Fact]
    public void Gbt_hyperparameters_reach_lightgbm_by_their_names()
    {
        using var dir = new TempDirectory();
        var json = """
            { "num_iterations": 12, "learning_rate": 0.2, "num_leaves": 9, "min_data_in_leaf": 7, "l1": 0.5, "l2": 2,
              "max_depth": 4, "max_bin": 63, "feature_fraction": 0.5, "bagging_fraction": 0.7, "bagging_freq": 2,
              "threads": 1, "seed": 5, "booster": "lightgbm" }
            """;
        var values = JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        var settings = TabularSettings.From("gbt", new HyperParameterValues(values));
        var log = new StringWriter();
        new GradientBoostedTrees(settings, log).Train(Table("binary", 800, 61), Table("binary", 200, 62), TabularTask.Binary, dir.Path);
        Assert.Equal(12, Stream(log.ToString(), "val_logloss").Length);
        string model = File.ReadAllText(Path.Combine(dir.Path, "model.txt"));
        foreach (var expected in new[] { "[learning_rate: 0.2]", "[num_leaves: 9]", "[min_data_in_leaf: 7]", "[lambda_l1: 0.5]", "[lambda_l2: 2]",
                     "[max_depth: 4]", "[max_bin: 63]", "[feature_fraction: 0.5]", "[bagging_fraction: 0.7]", "[bagging_freq: 2]",
                     "[num_threads: 1]", "[seed: 5]", "[num_iterations: 12]" })
            Assert.Contains(expected, model);
    }

    [Fact]
    public void Fasttree_is_refused_with_the_reason()
    {
        var values = new Dictionary<string, JsonElement> { ["booster"] = JsonDocument.Parse("\"fasttree\"").RootElement.Clone() };
        var error = Assert.Throws<CaviarValidationException>(() => TabularSettings.From("gbt", new HyperParameterValues(values)));
        Assert.Equal("hyperParameters.booster", error.Field);
        Assert.Contains("removed", error.Message);
    }

    [Fact]
    public void Lightgbms_own_error_text_is_raised()
    {
        using var dir = new TempDirectory();
        var trees = new GradientBoostedTrees(new TabularSettings { Iterations = 5, Threads = 1 }, TextWriter.Null)
            { ExtraParameters = p => p.Set("objective", "no_such_objective") };
        var error = Assert.Throws<LightGbmException>(() => trees.Train(Table("binary", 100, 1), Table("binary", 50, 2), TabularTask.Binary, dir.Path));
        Assert.Contains("no_such_objective", error.Message);
    }

    [Fact]
    public void The_parameter_string_replaces_keys_and_refuses_what_lightgbm_would_split()
    {
        var parameters = new LightGbmParameters().Set("num_leaves", 31).Set("learning_rate", 0.05).Set("num_leaves", 15)
            .Set("machines", "10.0.0.1:12400,10.0.0.2:12400").Set("deterministic", true);
        Assert.Equal("num_leaves=15 learning_rate=0.05 machines=10.0.0.1:12400,10.0.0.2:12400 deterministic=true", parameters.ToString());
        Assert.Throws<ArgumentException>(() => parameters.Set("metric", "auc binary_error"));
        Assert.Throws<ArgumentException>(() => parameters.Set("a=b", 1));
    }
}
