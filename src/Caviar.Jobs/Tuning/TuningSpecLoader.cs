using System.Text.Json;
using System.Text.RegularExpressions;
using Caviar.BuiltIns;
using Caviar.Jobs.Specs;
using Caviar.SearchSpaces;
using Caviar.Specs;
using Caviar.TestFunctions;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>Reads and checks a tuning spec; every refusal names the field.</summary>
public static partial class TuningSpecLoader
{
    /// <summary>Most parent jobs a warm start may name (as in SageMaker).</summary>
    public const int MaxWarmStartParents = 5;

    public static TuningSpec Load(string path)
    {
        if (!File.Exists(path))
            throw new CaviarValidationException("spec", $"file '{path}' does not exist");
        return Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static TuningSpec Parse(string json, string? baseDirectory = null)
    {
        TuningSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<TuningSpec>(json, SpecJson.Options);
        }
        catch (JsonException error)
        {
            throw JsonErrors.ToValidation(error);
        }
        catch (NotSupportedException error) when (JsonErrors.ToValidation(error) is { } refusal)
        {
            throw refusal;
        }
        if (spec is null) throw new CaviarValidationException("spec", "the file holds no JSON object");
        Validate(spec, baseDirectory ?? Directory.GetCurrentDirectory());
        return spec;
    }

    public static void Validate(TuningSpec spec, string baseDirectory)
    {
        if (!StudyName().IsMatch(spec.Name ?? ""))
            throw new CaviarValidationException("name",
                "must be 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit");
        if (spec.Objective is null)
            throw new CaviarValidationException("objective", "is required");
        var strategy = StrategyFactory.Create(StrategyNames.SearchStrategyOf(spec.Strategy));
        var space = SpaceOf(spec);
        if (spec.TrainingJob is { } job) ValidateTrainingObjective(spec, job, space, baseDirectory);
        else ValidateFunctionObjective(spec, space);
        strategy.InherentTrialLimit(space);   // Grid: refuses a continuous range, naming it

        spec.Limits.Validate();
        spec.CompletionCriteria?.Validate();
        if (spec.Limits.MaxTrials is null && spec.Limits.MaxRuntimeSeconds is null &&
            !spec.Strategy.Equals("grid", StringComparison.OrdinalIgnoreCase))
            throw new CaviarValidationException("limits.maxTrials", "give maxTrials or maxRuntimeSeconds so the job can end");
        ValidateEarlyStopping(spec);
        ValidateWarmStart(spec);
        EnqueuedConfigurations.Validate(spec, space);
    }

    /// <summary>The ranges of the spec, or the objective function's own domain when none are given.</summary>
    public static SearchSpace SpaceOf(TuningSpec spec) =>
        spec.HyperParameterRanges is { } ranges ? new SearchSpace(ranges)
        : spec.Objective?.Function is { } function ? StandardFunctions.Get(function, "objective.function").Space
        : throw new CaviarValidationException("hyperParameterRanges", "a training job needs ranges to tune");

    private static void ValidateFunctionObjective(TuningSpec spec, SearchSpace space)
    {
        if (string.IsNullOrWhiteSpace(spec.Objective!.Function))
            throw new CaviarValidationException("objective.function", "give a function, or a trainingJob with objective.metricName");
        if (spec.Objective.MetricName is not null)
            throw new CaviarValidationException("objective.metricName", "applies only with a trainingJob");
        if (spec.Objective.Aggregate != ObjectiveAggregate.Last || spec.Objective.K is not null)
            throw new CaviarValidationException("objective.aggregate", "applies only with a trainingJob's metric");
        var function = StandardFunctions.Get(spec.Objective.Function, "objective.function");
        foreach (var range in function.Space.Ranges)
            if (!space.TryGet(range.Name, out _))
                throw new CaviarValidationException("hyperParameterRanges",
                    $"function '{function.Name}' needs a range named '{range.Name}'");
    }

    private static void ValidateTrainingObjective(TuningSpec spec, TrainingJobSpec job, SearchSpace space, string baseDirectory)
    {
        if (spec.Objective!.Function is not null)
            throw new CaviarValidationException("objective.function", "give a function or a trainingJob, not both");
        TrainingJobValidator.Validate(job, baseDirectory, "trainingJob.", nameRequired: false);
        if (string.IsNullOrWhiteSpace(spec.Objective.MetricName))
            throw new CaviarValidationException("objective.metricName", "is required with a trainingJob");
        // A script may report the metric itself (caviar.report, CAVIAR_METRICS_FILE); a built-in logs only its definitions.
        if (job.Command is not { Count: > 0 } && job.MetricDefinitions.All(m => m.Name != spec.Objective.MetricName))
            throw new CaviarValidationException("objective.metricName",
                $"'{spec.Objective.MetricName}' is not among trainingJob.metricDefinitions");
        ObjectiveAggregate.Validate(spec.Objective);
        if (space.Count == 0)
            throw new CaviarValidationException("hyperParameterRanges", "a training job needs ranges to tune");
        if (job.Algorithm is not null)
            BuiltInAlgorithmCatalog.Get(job.Algorithm, "trainingJob.algorithm").CheckRanges(space.Ranges, "hyperParameterRanges");
        for (int i = 0; i < space.Count; i++)
            if (job.HyperParameters.ContainsKey(space.Ranges[i].Name))
                throw new CaviarValidationException($"hyperParameterRanges[{i}].name",
                    $"'{space.Ranges[i].Name}' is also a static hyperparameter of the training job");
    }

    private static void ValidateEarlyStopping(TuningSpec spec)
    {
        bool hyperband = StrategyNames.IsHyperband(spec.Strategy);
        if (hyperband && spec.Hyperband is null)
            throw new CaviarValidationException("hyperband", "the Hyperband strategy needs hyperband.maxResource");
        if (!hyperband && spec.Hyperband is not null)
            throw new CaviarValidationException("hyperband", "applies only with strategy Hyperband");
        if (hyperband && spec.EarlyStopping != EarlyStoppingType.Off)
            throw new CaviarValidationException("earlyStopping", "must be Off with Hyperband, which stops trials itself");
        if (spec.Hyperband is { } named && string.IsNullOrWhiteSpace(named.ResourceHyperParameter))
            throw new CaviarValidationException("hyperband.resourceHyperParameter", "must name a hyperparameter");
        if (spec.Hyperband is { } settings)
            _ = new Caviar.Pruning.SuccessiveHalving(settings.MinResource, settings.MaxResource, settings.ReductionFactor);
    }

    private static void ValidateWarmStart(TuningSpec spec)
    {
        if (spec.WarmStart is not { } warm) return;
        if (warm.ParentTuningJobs.Count is 0 or > MaxWarmStartParents)
            throw new CaviarValidationException("warmStart.parentTuningJobs", $"name 1 to {MaxWarmStartParents} parent tuning jobs");
        if (warm.ParentTuningJobs.Distinct().Count() != warm.ParentTuningJobs.Count)
            throw new CaviarValidationException("warmStart.parentTuningJobs", "names a parent twice");
        if (warm.ParentTuningJobs.Contains(spec.Name))
            throw new CaviarValidationException("warmStart.parentTuningJobs", "a tuning job cannot warm-start from itself");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex StudyName();
}
