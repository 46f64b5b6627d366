using Caviar.Algorithms.Data;
using Caviar.Algorithms.Hosting;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// The built-in gbt and linear algorithms as jobs: channel "train" (CSV), optional "validation" (else a seeded split
/// of train, made before any preprocessing). gbt in a job of several processes trains with LightGBM's distributed
/// learning (<see cref="DistributedGbt"/>).
/// </summary>
public static class TabularAlgorithm
{
    public static void Run(string algorithm, JobContext job, TextWriter log)
    {
        var settings = TabularSettings.From(algorithm, job.HyperParameters);
        if (algorithm == "gbt" && job.Ranks.IsDistributed)
        {
            DistributedGbt.Run(settings, job, log);
            return;
        }
        var all = TabularData.Load(job.Channel("train"), settings.LabelColumn);
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
}
