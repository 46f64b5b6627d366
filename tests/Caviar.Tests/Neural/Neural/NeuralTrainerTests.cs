using System.Text.Json;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using Caviar.Tests.Support;
using Caviar.Validation;

namespace Caviar.Tests.Algorithms;

[Collection(FashionMnistCollection.Name)]
public class NeuralTrainerTests(FashionMnistFixture data)
{
    private static readonly NeuralSettings Small = new()
    {
        HiddenUnits = [64], Epochs = 2, BatchSize = 64, Optimizer = "adam", LearningRate = 2e-3, Threads = 2, Seed = 3,
    };

    private (LabeledExamples Train, LabeledExamples Validation) Split(int count)
    {
        var (train, validation) = DataSplit.Indices(count, 0.2, seed: 1);
        var subset = data.Train.First(count);
        return (subset.Take(train), subset.Take(validation));
    }

    private static (NeuralResult Result, string Log) Train(NeuralSettings settings, LabeledExamples train, LabeledExamples validation,
        TempDirectory dir, string checkpoints = "ck", string model = "model", string? pretrained = null, LabeledExamples? test = null)
    {
        var log = new StringWriter();
        var result = new NeuralTrainer(settings, log).Train(train, validation, test, 10, dir.File(checkpoints), dir.File(model), pretrained);
        return (result, log.ToString());
    }

    [Fact]
    public void An_mlp_learns_fashion_mnist_and_saves_a_model_and_checkpoint()
    {
        using var dir = new TempDirectory();
        var (train, validation) = Split(3000);
        var (result, log) = Train(Small, train, validation, dir, test: data.Test.First(1000));
        Assert.True(result.ValidationAccuracy > 0.7, log);
        Assert.InRange(result.TestAccuracy!.Value, 0.65, 1.0);
        Assert.Contains("epoch=2 train_loss=", log);
        Assert.Contains("test_accuracy=", log);
        Assert.True(File.Exists(dir.File("model/weights.bin")));
        var config = JsonDocument.Parse(File.ReadAllText(dir.File("model/config.json"))).RootElement;
        Assert.Equal(10, config.GetProperty("Classes").GetInt32());
        Assert.Equal("epoch-2", File.ReadAllText(dir.File("ck/latest")));
        Assert.True(File.Exists(dir.File("ck/epoch-2/optimizer.bin")) && File.Exists(dir.File("ck/epoch-2/config.json")));
    }

    [Fact]
    public void A_resumed_run_ends_exactly_like_an_uninterrupted_one()
    {
        using var dir = new TempDirectory();
        var (train, validation) = Split(2000);
        var settings = Small with { Epochs = 4, LrSchedule = "step", LrStepSize = 1, LrGamma = 0.7, Dropout = 0.3 };
        var (whole, _) = Train(settings, train, validation, dir, "whole-ck", "whole-model");

        Train(settings with { Epochs = 2 }, train, validation, dir, "split-ck", "split-model");   // "killed" after epoch 2
        var (resumed, log) = Train(settings, train, validation, dir, "split-ck", "split-model");
        Assert.Contains("resumed from epoch 2", log);
        Assert.DoesNotContain("epoch=1 ", log);
        Assert.Equal(whole.BestValidationLoss, resumed.BestValidationLoss);
        Assert.Equal(whole.ValidationAccuracy, resumed.ValidationAccuracy);
    }

    [Fact]
    public void A_cnn_learns_from_images()
    {
        using var dir = new TempDirectory();
        var (train, validation) = Split(2000);
        var (result, log) = Train(Small with { Architecture = "cnn", ConvChannels = [8, 16], Epochs = 1 }, train, validation, dir);
        Assert.True(result.ValidationAccuracy > 0.6, log);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    public void Every_optimizer_reduces_the_loss(string optimizer)
    {
        using var dir = new TempDirectory();
        var (train, validation) = Split(1500);
        double lr = optimizer is "sgd" ? 0.1 : optimizer is "momentum" or "nesterov" ? 0.02 : 1e-3;
        var (result, log) = Train(Small with { Optimizer = optimizer, LearningRate = lr, Epochs = 2 }, train, validation, dir);
        Assert.True(result.BestValidationLoss < 1.2, $"{optimizer}: {log}");      // chance level is ln 10 ≈ 2.30
    }

    [Fact]
    public void Early_stopping_ends_when_the_validation_loss_stops_improving()
    {
        using var dir = new TempDirectory();
        var (train, validation) = Split(600);
        // A large learning rate over-fits a small set quickly; patience 1 stops at the first worse epoch.
        var (result, log) = Train(Small with { Epochs = 30, EarlyStoppingPatience = 1, LearningRate = 0.01, Dropout = 0, HiddenUnits = [256] },
            train, validation, dir);
        Assert.Contains("early stopping", log);
        Assert.True(result.Epochs < 30);
    }

    [Fact]
    public void Transfer_learning_loads_matching_layers_and_keeps_frozen_ones_fixed()
    {
        using var dir = new TempDirectory();
        var (train, validation) = Split(1500);
        var settings = Small with { HiddenUnits = [64, 32], BatchNorm = false, Dropout = 0 };
        Train(settings, train, validation, dir, "a-ck", "a-model");
        var (_, log) = Train(settings with { FreezeLayers = 2, Epochs = 1 }, train, validation, dir, "b-ck", "b-model", pretrained: dir.File("a-model"));
        Assert.Contains("transfer learning: 6 tensors loaded", log);

        var (_, a) = NeuralModel.Load(dir.File("a-model"));
        var (_, b) = NeuralModel.Load(dir.File("b-model"));
        var aWeights = a.state_dict();
        var bWeights = b.state_dict();
        Assert.True(aWeights["1.weight"].eq(bWeights["1.weight"]).all().item<bool>(), "frozen layer 1 must not change");
        Assert.False(aWeights["3.weight"].eq(bWeights["3.weight"]).all().item<bool>(), "trainable layer 3 must change");
    }

    [Fact]
    public void L1_shrinks_the_weights()
    {
        using var dir = new TempDirectory();
        var (train, validation) = Split(1000);
        var plain = Small with { Epochs = 1, BatchNorm = false, Dropout = 0 };
        Train(plain, train, validation, dir, "p-ck", "p-model");
        Train(plain with { L1 = 1e-3 }, train, validation, dir, "l-ck", "l-model");
        double Total(string model) => NeuralModel.Load(dir.File(model)).Network.parameters()
            .Where(p => p.dim() > 1).Sum(p => p.abs().sum().item<float>());
        Assert.True(Total("l-model") < 0.8 * Total("p-model"));
    }

    [Fact]
    public void Learning_rate_schedules_follow_their_formulas()
    {
        var s = new NeuralSettings { LearningRate = 0.1, Epochs = 10, LrGamma = 0.5, LrStepSize = 3 };
        Assert.Equal([0.1, 0.1, 0.1, 0.05, 0.05], Enumerable.Range(1, 5).Select(e => (s with { LrSchedule = "step" }).LearningRateAt(e)).ToArray());
        Assert.Equal(0.1 * 0.125, (s with { LrSchedule = "exponential" }).LearningRateAt(4), 12);
        Assert.Equal(0.1, (s with { LrSchedule = "cosine" }).LearningRateAt(1), 12);
        Assert.Equal(0.05, (s with { LrSchedule = "cosine" }).LearningRateAt(6), 12);
        Assert.Equal(0.1, s.LearningRateAt(9));
    }

    [Theory]
    [InlineData("{\"optimizer\": \"lbfgs\"}", "hyperParameters.optimizer")]
    [InlineData("{\"lr_schedule\": \"linear\"}", "hyperParameters.lr_schedule")]
    [InlineData("{\"dropout\": 1.5}", "hyperParameters.dropout")]
    [InlineData("{\"epochs\": \"many\"}", "hyperParameters.epochs")]
    public void Bad_hyperparameters_are_named(string json, string field)
    {
        var values = new Caviar.Algorithms.Hosting.HyperParameterValues(
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!);
        Assert.Equal(field, Assert.Throws<CaviarValidationException>(() => NeuralSettings.From("mlp", values)).Field);
    }
}
