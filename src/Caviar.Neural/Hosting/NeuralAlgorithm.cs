using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;

namespace Caviar.Algorithms.Hosting;

/// <summary>
/// The built-in mlp and cnn algorithms as jobs. Channel "train": a folder of MNIST-layout IDX files (its t10k part,
/// if present, is the test set) or CSV; optional "test" channel; optional "pretrained": a model directory of an
/// earlier mlp/cnn job to start from (transfer learning, with freeze_layers). With cross_validation_folds (mlp) the
/// train channel is cut into stratified folds (<see cref="NeuralCrossValidation"/>) instead of one split.
/// </summary>
public static class NeuralAlgorithm
{
    /// <summary>The algorithms the plugin hosts: mlp and cnn (named by <see cref="Caviar.BuiltIns.BuiltInAlgorithmCatalog.NeuralNames"/>).</summary>
    public static IReadOnlyDictionary<string, BuiltInAlgorithmHost.Train> Hosted { get; } =
        Caviar.BuiltIns.BuiltInAlgorithmCatalog.NeuralNames.ToDictionary(name => name, _ => (BuiltInAlgorithmHost.Train)Run);

    public static void Run(string architecture, JobContext job, TextWriter log)
    {
        var optimization = TrialOptimization.FromEnvironment();
        var (trainedOn, measuredOn) = Train(architecture, job, log);
        if (optimization is not null && job.Ranks.Rank == 0)
            TrialOptimization.Run(optimization, job, measuredOn, trainedOn, log);
    }

    /// <summary>Trains and writes the model; returns the training examples and those an optimize step measures on (the
    /// test set, else the validation examples, else — cross-validated without a test set — all of them).</summary>
    private static (LabeledExamples Train, LabeledExamples Held) Train(string architecture, JobContext job, TextWriter log)
    {
        var settings = NeuralSettings.From(architecture, job.HyperParameters);
        string trainPath = job.Channel("train");
        string? labelColumn = settings.LabelColumn;
        LabeledExamples all, test;
        if (Directory.Exists(trainPath) && ImageDataSets.HasIdx(trainPath, "train"))
        {
            all = ImageDataSets.Load(trainPath, "train");
            test = job.OptionalChannel("test") is { } testPath ? ImageDataSets.Load(testPath, "t10k")
                : ImageDataSets.HasIdx(trainPath, "t10k") ? ImageDataSets.Load(trainPath, "t10k") : null!;
        }
        else
        {
            all = CsvExamples.Load(trainPath, labelColumn);
            test = job.OptionalChannel("test") is { } testPath ? CsvExamples.Load(testPath, labelColumn) : null!;
        }
        int classes = Math.Max(all.Classes, test?.Classes ?? 0);
        if (settings.MaxTrainExamples > 0) all = all.First(settings.MaxTrainExamples);
        if (settings.CrossValidationFolds > 0)
        {
            var folds = CrossValidationFolds.OfTrainChannel(all.Count, settings.CrossValidationFolds, settings.Seed,
                all.Labels.Select(l => (double)l).ToArray());
            log.WriteLine($"{architecture}: {all.Count} examples in {folds.Count} cross-validation folds " +
                          $"({string.Join(", ", folds.Validation.Select(f => f.Length))} validation)" +
                          (test is null ? "" : $", {test.Count} test examples") + $", {classes} classes");
            new NeuralCrossValidation(settings, log).Train(all, folds, test, classes, job.ModelDirectory, job.OptionalChannel("pretrained"));
            return (all, test ?? all);
        }
        var (trainIndices, validationIndices) = DataSplit.Indices(all.Count, settings.ValidationFraction, settings.Seed);
        log.WriteLine($"{architecture}: {trainIndices.Length} training, {validationIndices.Length} validation" +
                      (test is null ? "" : $", {test.Count} test") + $" examples, {classes} classes");
        new NeuralTrainer(settings, log).Train(all.Take(trainIndices), all.Take(validationIndices), test, classes,
            job.CheckpointDirectory, job.ModelDirectory, job.OptionalChannel("pretrained"));
        return (all.Take(trainIndices), test ?? all.Take(validationIndices));
    }
}
