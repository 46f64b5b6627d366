using Caviar.BuiltIns;
using Caviar.SearchSpaces;
using Caviar.Specs;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>The checks of strategy PBT and its "pbt" section.</summary>
public static partial class TuningSpecLoader
{
    private static void CheckPbt(TuningSpec spec, SearchSpace? space, ValidationErrors errors)
    {
        bool pbt = StrategyNames.IsPbt(spec.Strategy);
        if (!pbt)
        {
            if (spec.Pbt is not null) errors.Add("pbt", "applies only with strategy PBT");
            return;
        }
        if (spec.Pbt is not { } settings)
        {
            errors.Add("pbt", "the PBT strategy needs pbt.maxResource (the epochs each member trains)");
            return;
        }
        var paths = new Dictionary<string, string>
        {
            ["PopulationSize"] = "pbt.populationSize", ["PerturbationInterval"] = "pbt.perturbationInterval",
            ["QuantileFraction"] = "pbt.quantileFraction", ["ResampleProbability"] = "pbt.resampleProbability",
            ["PerturbationFactors"] = "pbt.perturbationFactors",
        };
        for (int i = 0; i < (settings.PerturbationFactors?.Count ?? 0); i++)
            paths[$"PerturbationFactors[{i}]"] = $"pbt.perturbationFactors[{i}]";
        errors.Check(() => SpecPaths.Renamed(() => settings.ToOptions().Validate(), paths));
        if (settings.MaxResource < 1)
            errors.Add("pbt.maxResource", "is required: the epochs each member trains in all (at least 1)");
        if (spec.Objectives is not null)
            errors.Add("objectives", "PBT ranks its members by one objective; give objective");
        if (spec.EarlyStopping != EarlyStoppingType.Off)
            errors.Add("earlyStopping", "must be Off with PBT, which replaces poor members itself");
        if (spec.TrainingJob is not { } job)
        {
            errors.Add("trainingJob", "PBT trains a population of training jobs that resume from checkpoints: give a trainingJob");
            return;
        }
        if (job.CheckpointDir is not null)
            errors.Add("trainingJob.checkpointDir", "PBT keeps each member-round's checkpoints in its job's folder; leave checkpointDir out");
        if (job.Algorithm is { } algorithm && !BuiltInAlgorithmCatalog.NeuralNames.Contains(algorithm))
            errors.Add("trainingJob.algorithm", $"'{algorithm}' does not resume from checkpoints; PBT needs a script that does, or one of {string.Join(", ", BuiltInAlgorithmCatalog.NeuralNames)}");
        string resource = settings.ResourceHyperParameter;
        if (string.IsNullOrWhiteSpace(resource))
            errors.Add("pbt.resourceHyperParameter", "must name a hyperparameter");
        else if (job.HyperParameters.ContainsKey(resource))
            errors.Add("pbt.resourceHyperParameter", $"'{resource}' is a static hyperparameter of the training job; PBT sets it each round");
        else if (space is not null && space.TryGet(resource, out _))
            errors.Add("pbt.resourceHyperParameter", $"'{resource}' is a tuned range; PBT sets it each round");
    }
}
