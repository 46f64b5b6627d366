using Caviar.Algorithms.Data;
using Caviar.Algorithms.Hosting;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// The built-in gbt and linear algorithms as jobs: channel "train" (CSV), optional "validation" (else a seeded split
/// of train, made before any preprocessing; with cross_validation_folds, k folds of train and a refit on all of it). gbt in a job of several processes trains with LightGBM's distributed
/// learning (<see cref="DistributedGbt"/>).
/// </summary>
public static class TabularAlgorithm
{
    public static void Run(string algorithm, JobContext job, TextWriter log)
    {
        var settings = TabularSettings.From(algorithm, job.HyperParameters);
        if (settings.CrossValidationFolds > 0 && job.Ranks.IsDistributed)
            throw new Validation.CaviarValidationException(CrossValidationFolds.Field, "cross-validation runs in one process; drop resources' processes or the folds");
        if (algorithm == "gbt" && job.Ranks.IsDistributed)
        {
            DistributedGbt.Run(settings, job, log);
            return;
        }
        var all = TabularData.Load(job.Channel("train"), settings.LabelColumn);
        if (settings.CrossValidationFolds > 0)
        {
            CrossValidate(algorithm, settings, all, job, log);
            return;
        }
        TabularData train, validation;
        if (job.OptionalChannel("validation") is { } validationPath)
            (train, validation) = (all, TabularData.Load(validationPath, settings.LabelColumn));
        else
        {
            var (trainIndices, validationIndices) = DataSplit.Indices(all.Count, settings.ValidationFraction, settings.Seed);
            (train, validation) = (all.Take(trainIndices), all.Take(validationIndices));
        }
        var task = settings.TaskFor(all);
        log.WriteLine($"{algorithm}: {task}, {train.Count} training and {validation.Count} validation rows, {all.FeatureNames.Length} features");
        if (algorithm == "gbt") new GradientBoostedTrees(settings, log).Train(train, validation, task, job.ModelDirectory);
        else new LinearLearner(settings, log).Train(train, validation, task, job.ModelDirectory);
    }

    /// <summary>
    /// cross_validation_folds: k folds of the train channel (stratified for classification, seeded); the model is then
    /// refit on all of it. A validation channel is refused: the folds are the validation.
    /// </summary>
    private static void CrossValidate(string algorithm, TabularSettings settings, TabularData all, JobContext job, TextWriter log)
    {
        if (job.OptionalChannel("validation") is not null)
            throw new Validation.CaviarValidationException(CrossValidationFolds.Field,
                "the folds are cut from the train channel, so a validation channel would go unused: drop one of them");
        var task = settings.TaskFor(all);
        var folds = CrossValidationFolds.OfTrainChannel(all.Count, settings.CrossValidationFolds, settings.Seed,
            task == TabularTask.Regression ? null : all.Labels);
        log.WriteLine($"{algorithm}: {task}, {all.Count} rows in {folds.Count} cross-validation folds " +
                      $"({string.Join(", ", folds.Validation.Select(f => f.Length))} validation rows), {all.FeatureNames.Length} features");
        if (algorithm == "gbt") new CrossValidatedGbt(settings, log).Train(all, folds, task, job.ModelDirectory);
        else new LinearLearner(settings, log).CrossValidate(all, folds, task, job.ModelDirectory);
    }
}
