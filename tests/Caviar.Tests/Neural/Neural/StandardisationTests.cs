using System.Collections.Immutable;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using Caviar.Algorithms.Onnx;
using Caviar.Algorithms.Tabular;
using Caviar.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Transforms;

namespace Caviar.Tests.Algorithms;

/// <summary>
/// mlp and linear standardise table features with the training rows' statistics only, keep them in the model, and
/// apply them wherever the model predicts: in process and through ONNX (serving, transform), which take raw features.
/// The second feature is a thousand times larger than the first and offset; the validation rows are drawn from a
/// narrower range, so statistics taken from them (or from all rows) would differ from the training rows'.
/// </summary>
public class StandardisationTests
{
    private static (float[][] Rows, double[] Labels) Table(int rows, int seed, double low)
    {
        var random = new Random(seed);
        var features = new float[rows][];
        var labels = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double a = random.NextDouble(), b = low + (1 - low) * random.NextDouble();
            features[i] = [(float)a, (float)(1000 * b + 3000)];
            labels[i] = a + b > 1 ? 1 : 0;
        }
        return (features, labels);
    }

    private static double[] ColumnMean(float[][] rows) => [.. Enumerable.Range(0, rows[0].Length).Select(c => rows.Average(r => (double)r[c]))];

    [Fact]
    public void An_mlp_on_table_features_keeps_the_training_statistics_and_its_onnx_export_predicts_the_same_from_raw_features()
    {
        using var dir = new TempDirectory();
        var (trainRows, trainLabels) = Table(600, seed: 1, low: 0);
        var (validationRows, validationLabels) = Table(200, seed: 2, low: 0.4);
        LabeledExamples Examples(float[][] rows, double[] labels) =>
            new([.. rows.SelectMany(r => r)], [.. labels.Select(l => (long)l)], 2, null);
        var settings = new NeuralSettings { HiddenUnits = [16], Epochs = 8, BatchSize = 32, LearningRate = 0.01, Threads = 1, Seed = 2 };
        var log = new StringWriter();
        new NeuralTrainer(settings, log).Train(Examples(trainRows, trainLabels), Examples(validationRows, validationLabels), null, 2,
            dir.File("ck"), dir.File("model"));

        var (config, network) = NeuralModel.Load(dir.File("model"));
        using var _ = network;
        var standardisation = config.Standardisation!;
        double[] trainMean = ColumnMean(trainRows), allMean = ColumnMean([.. trainRows, .. validationRows]);
        Assert.Equal(trainMean[1], standardisation.Means[1], 0.01);
        Assert.True(Math.Abs(allMean[1] - standardisation.Means[1]) > 10, $"{allMean[1]} vs {standardisation.Means[1]}");
        Assert.InRange(standardisation.Scales[1], 250, 330);   // 1000 / √12 ≈ 289

        float[] raw = [.. validationRows.SelectMany(r => r)];
        float[] inProcess = config.Predict(network, raw);
        float[] throughOnnx = RunOnnx(NetworkOnnxExport.Export(config, network, OnnxVariant.Fp32), raw, validationRows.Length);
        Assert.Equal(inProcess.Length, throughOnnx.Length);
        Assert.All(inProcess.Zip(throughOnnx), p => Assert.Equal(p.First, p.Second, 1e-4));
        double accuracy = Enumerable.Range(0, validationRows.Length)
            .Average(i => (throughOnnx[2 * i + 1] > throughOnnx[2 * i] ? 1 : 0) == (int)validationLabels[i] ? 1.0 : 0.0);
        Assert.True(accuracy > 0.85, $"accuracy {accuracy}\n{log}");

        // Without the standardisation nodes the same weights would see raw features and answer differently.
        float[] unstandardised = RunOnnx(NetworkOnnxExport.Export(config with { Standardisation = null }, network, OnnxVariant.Fp32), raw,
            validationRows.Length);
        Assert.True(inProcess.Zip(unstandardised).Max(p => Math.Abs(p.First - p.Second)) > 1, "the ONNX standardisation made no difference");
    }

    [Fact]
    public void Caviar_transform_of_an_mlp_trained_by_caviar_train_gives_the_in_process_outputs_for_raw_rows()
    {
        using var dir = new TempDirectory();
        var (rows, labels) = Table(400, seed: 5, low: 0);
        File.WriteAllLines(dir.File("train.csv"), ["a,b,label", .. rows.Select((r, i) => Csv(r) + $",{labels[i]}")]);
        File.WriteAllText(dir.File("mlp.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            name = "scaled-mlp",
            algorithm = "mlp",
            hyperParameters = new Dictionary<string, object>
                { ["epochs"] = 5, ["hidden_units"] = "16", ["batch_size"] = 32, ["learning_rate"] = 0.01, ["threads"] = 1 },
            channels = new[] { new { name = "train", path = "train.csv" } },
        }));
        var train = Cli.CliRunner.Run(dir.Path, "train", "mlp.json", "--artifacts", dir.File("artifacts"));
        Assert.True(train.ExitCode == 0, train.All);
        string model = dir.File("artifacts/jobs/scaled-mlp/model");

        var (raw, _) = Table(50, seed: 6, low: 0);
        Directory.CreateDirectory(dir.File("in"));
        File.WriteAllLines(dir.File("in/rows.csv"), raw.Select(Csv));
        var transform = Cli.CliRunner.Run(dir.Path, "transform", "--model", model, "--input", dir.File("in"), "--output", dir.File("out"));
        Assert.True(transform.ExitCode == 0, transform.All);
        float[] served = [.. File.ReadAllLines(dir.File("out/rows.csv.out"))
            .SelectMany(line => line.Split(',')).Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];

        var (config, network) = NeuralModel.Load(model);
        using var _ = network;
        Assert.NotNull(config.Standardisation);
        float[] inProcess = config.Predict(network, [.. raw.SelectMany(r => r)]);
        Assert.Equal(inProcess.Length, served.Length);
        Assert.All(inProcess.Zip(served), p => Assert.Equal(p.First, p.Second, 1e-4));
    }

    private static string Csv(float[] row) => string.Join(',', row.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    private static float[] RunOnnx(byte[] model, float[] raw, int rows)
    {
        using var session = new InferenceSession(model);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(raw, [rows, 2]))]);
        return [.. results.First().AsEnumerable<float>()];
    }

    [Fact]
    public void Linear_centres_and_scales_with_the_training_rows_and_its_onnx_model_predicts_the_same_from_raw_features()
    {
        using var dir = new TempDirectory();
        var (trainRows, trainLabels) = Table(800, seed: 3, low: 0);
        var (validationRows, validationLabels) = Table(200, seed: 4, low: 0.4);
        var train = new TabularData(trainRows, trainLabels, ["a", "b"]);
        var validation = new TabularData(validationRows, validationLabels, ["a", "b"]);
        var metrics = new LinearLearner(new TabularSettings { Epochs = 5 }, TextWriter.Null).Train(train, validation, TabularTask.Binary, dir.Path);
        Assert.True(metrics["val_accuracy"] > 0.9, string.Join(", ", metrics));

        var ml = new MLContext(seed: 0);
        var model = (TransformerChain<ITransformer>)ml.Model.Load(dir.File("model.zip"), out _);
        var normaliser = (NormalizingTransformer)model.First();
        var affine = (NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>>)normaliser.GetNormalizerModelParameters(0);
        double trainMean = ColumnMean(trainRows)[1];
        Assert.Equal(trainMean, affine.Offset[1], 0.01);   // centred on the training rows' mean, not the validation rows'
        Assert.InRange(1 / affine.Scale[1], 250, 330);

        var inProcess = model.Transform(MlDataViews.Binary(ml, validation, v => v == 1)).GetColumn<float>("Probability").ToArray();
        using var session = new InferenceSession(dir.File("model.onnx"));
        using var results = session.Run(
            [NamedOnnxValue.CreateFromTensor("Features", new DenseTensor<float>(validationRows.SelectMany(r => r).ToArray(), [validationRows.Length, 2])),
             NamedOnnxValue.CreateFromTensor("Label", new DenseTensor<bool>(new bool[validationRows.Length], [validationRows.Length, 1]))],
            ["Probability.output"]);
        var throughOnnx = results.First().AsEnumerable<float>().ToArray();
        Assert.All(inProcess.Zip(throughOnnx), p => Assert.Equal(p.First, p.Second, 1e-4));
    }
}
