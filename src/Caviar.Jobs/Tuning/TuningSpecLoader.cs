using System.Text.Json;
using System.Text.RegularExpressions;
using Caviar.BuiltIns;
using Caviar.Jobs.Specs;
using Caviar.Pruning;
using Caviar.SearchSpaces;
using Caviar.Specs;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// Reads a tuning spec and compiles it into a <see cref="TuningPlan"/>: every field is checked, every refusal names
/// the field as the spec spells it, and all bad fields are reported at once (one <see cref="CaviarValidationException"/>
/// listing them). Nothing is built twice: the plan carries what the checks built.
/// </summary>
public static partial class TuningSpecLoader
{
    /// <summary>Most parent jobs a warm start may name (as in SageMaker).</summary>
    public const int MaxWarmStartParents = 5;

    /// <summary>Reads, checks and compiles the spec file at <paramref name="path"/>; relative paths resolve beside it.</summary>
    public static TuningPlan Load(string path) => Compile(Read(path), BaseDirectoryOf(path));

    /// <summary>Checks and compiles a spec given as JSON.</summary>
    public static TuningPlan Parse(string json, string? baseDirectory = null) =>
        Compile(Deserialize(json), baseDirectory ?? Directory.GetCurrentDirectory());

    /// <summary>The folder a spec file's relative paths resolve against: its own.</summary>
    public static string BaseDirectoryOf(string path) => Path.GetDirectoryName(Path.GetFullPath(path))!;

    /// <summary>The spec file as written, unchecked (only its JSON shape): for changing fields before <see cref="Compile"/>.</summary>
    public static TuningSpec Read(string path)
    {
        if (!File.Exists(path))
            throw new CaviarValidationException("spec", $"file '{path}' does not exist");
        return Deserialize(File.ReadAllText(path));
    }

    private static TuningSpec Deserialize(string json)
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
        return spec ?? throw new CaviarValidationException("spec", "the file holds no JSON object");
    }

    /// <summary>
    /// Checks every field of <paramref name="spec"/> and builds its plan, or throws one refusal listing every bad
    /// field. Nothing is written; the store is not read (warm-start parents are looked up when the study opens).
    /// </summary>
    public static TuningPlan Compile(TuningSpec spec, string baseDirectory)
    {
        var errors = new ValidationErrors();
        if (!StudyName().IsMatch(spec.Name ?? ""))
            errors.Add("name", "must be 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit");
        if (spec.Objective is null) errors.Add("objective", "is required");
        var strategy = errors.Check(() => StrategyFactory.Create(StrategyNames.SearchStrategyOf(spec.Strategy), budget: spec.Limits.MaxTrials));
        var space = spec.Objective is null && spec.HyperParameterRanges is null ? null : errors.Check(() => SpaceOf(spec));

        TuningObjective? objective = null;
        TrainingPlan? trainingJob = null;
        if (spec.Objective is { } given && space is not null)
        {
            if (spec.TrainingJob is { } job)
                (objective, trainingJob) = TrainingObjective(given, job, space, baseDirectory, errors);
            else
                objective = errors.Check(() => FunctionObjective(given, space));
        }
        // Grid: refuses a continuous range, naming it.
        long? inherent = strategy is null || space is null ? null : errors.Check(() => strategy.InherentTrialLimit(space));

        errors.Check(() => spec.Limits.Validate());
        errors.Check(() => spec.CompletionCriteria?.Validate("completionCriteria"));
        if (spec.Limits.MaxTrials is null && spec.Limits.MaxRuntimeSeconds is null &&
            !spec.Strategy.Equals("grid", StringComparison.OrdinalIgnoreCase))
            errors.Add("limits.maxTrials", "give maxTrials or maxRuntimeSeconds so the job can end");
        var pruner = PrunerOf(spec, errors);
        CheckWarmStart(spec, errors);
        if (space is not null) errors.Check(() => EnqueuedConfigurations.Validate(spec, space));

        errors.ThrowIfAny();
        return new TuningPlan(spec, baseDirectory, space!, strategy!, inherent, pruner!, spec.Limits.ToLimits(),
            spec.CompletionCriteria ?? new CompletionCriteria(), [objective!], trainingJob);
    }

    /// <summary>
    /// The plan of an ask/tell study (its trials are evaluated by a client, not by Caviar): a spec with ranges
    /// (named <paramref name="spaceField"/>, as the API calls them), no function, no training job and no limits.
    /// Every bad field is reported at once.
    /// </summary>
    public static TuningPlan CompileAskTell(TuningSpec spec, string spaceField = "space")
    {
        var errors = new ValidationErrors();
        errors.Check(() => SafeNames.EnsureJobName(spec.Name, "name"));
        var space = spec.HyperParameterRanges is { } ranges
            ? errors.Check(() => new SearchSpace(ranges, spaceField))
            : null;
        if (spec.HyperParameterRanges is null) errors.Add(spaceField, "is required");
        else if (space is { Count: 0 }) errors.Add(spaceField, "needs at least one range");
        if (spec.Objective is not { Function: null, MetricName: null } || spec.TrainingJob is not null)
            errors.Add("name", $"'{spec.Name}' is a tuning job Caviar runs itself; ask/tell studies are created with POST /api/studies");
        var strategy = errors.Check(() => StrategyFactory.Create(StrategyNames.SearchStrategyOf(spec.Strategy)));
        var pruner = PrunerOf(spec, errors);
        errors.ThrowIfAny();
        var objective = new TuningObjective(spec.Objective!.Type, null, null, ObjectiveAggregate.Last, null);
        return new TuningPlan(spec, Directory.GetCurrentDirectory(), space!, strategy!, null, pruner!, new TuningLimits(),
            new CompletionCriteria(), [objective], null);
    }

    /// <summary>The ranges of the spec, or the objective function's own domain when none are given.</summary>
    private static SearchSpace SpaceOf(TuningSpec spec) =>
        spec.HyperParameterRanges is { } ranges ? new SearchSpace(ranges)
        : spec.Objective?.Function is { } function ? StandardFunctions.Get(function, "objective.function").Space
        : throw new CaviarValidationException("hyperParameterRanges", "a training job needs ranges to tune");

    private static TuningObjective FunctionObjective(ObjectiveSpec objective, SearchSpace space)
    {
        if (string.IsNullOrWhiteSpace(objective.Function))
            throw new CaviarValidationException("objective.function", "give a function, or a trainingJob with objective.metricName");
        if (objective.MetricName is not null)
            throw new CaviarValidationException("objective.metricName", "applies only with a trainingJob");
        if (objective.Aggregate != ObjectiveAggregate.Last || objective.K is not null)
            throw new CaviarValidationException("objective.aggregate", "applies only with a trainingJob's metric");
        var function = StandardFunctions.Get(objective.Function, "objective.function");
        foreach (var range in function.Space.Ranges)
            if (!space.TryGet(range.Name, out _))
                throw new CaviarValidationException("hyperParameterRanges",
                    $"function '{function.Name}' needs a range named '{range.Name}'");
        return new TuningObjective(objective.Type, function, null, ObjectiveAggregate.Last, null);
    }

    private static (TuningObjective?, TrainingPlan?) TrainingObjective(ObjectiveSpec objective, TrainingJobSpec job,
        SearchSpace space, string baseDirectory, ValidationErrors errors)
    {
        if (objective.Function is not null)
        {
            errors.Add("objective.function", "give a function or a trainingJob, not both");
            return (null, null);
        }
        int before = errors.Count;
        TrainingJobValidator.Check(job, baseDirectory, "trainingJob.", nameRequired: false, hostGpus: null, errors);
        if (string.IsNullOrWhiteSpace(objective.MetricName))
            errors.Add("objective.metricName", "is required with a trainingJob");
        // A script may report the metric itself (caviar.report, CAVIAR_METRICS_FILE); a built-in logs only its definitions.
        else if (job.Command is not { Count: > 0 } && job.MetricDefinitions.All(m => m.Name != objective.MetricName))
            errors.Add("objective.metricName", $"'{objective.MetricName}' is not among trainingJob.metricDefinitions");
        errors.Check(() => ObjectiveAggregate.Validate(objective));
        if (space.Count == 0)
            errors.Add("hyperParameterRanges", "a training job needs ranges to tune");
        if (job.Algorithm is not null && BuiltInAlgorithmCatalog.Find(job.Algorithm) is { } algorithm)
            errors.Check(() => algorithm.CheckRanges(space.Ranges, "hyperParameterRanges"));
        for (int i = 0; i < space.Count; i++)
            if (job.HyperParameters.ContainsKey(space.Ranges[i].Name))
                errors.Add($"hyperParameterRanges[{i}].name", $"'{space.Ranges[i].Name}' is also a static hyperparameter of the training job");
        if (errors.Count > before) return (null, null);
        return (new TuningObjective(objective.Type, null, objective.MetricName, objective.Aggregate, objective.K),
            new TrainingPlan(job, baseDirectory));
    }

    /// <summary>Hyperband's or the median rule's pruner, built here once; refusals name the spec's fields.</summary>
    private static IPruner? PrunerOf(TuningSpec spec, ValidationErrors errors)
    {
        bool hyperband = StrategyNames.IsHyperband(spec.Strategy);
        int before = errors.Count;
        if (hyperband && spec.Hyperband is null)
            errors.Add("hyperband", "the Hyperband strategy needs hyperband.maxResource");
        if (!hyperband && spec.Hyperband is not null)
            errors.Add("hyperband", "applies only with strategy Hyperband");
        if (hyperband && spec.EarlyStopping != EarlyStoppingType.Off)
            errors.Add("earlyStopping", "must be Off with Hyperband, which stops trials itself");
        if (spec.Hyperband is { } named && string.IsNullOrWhiteSpace(named.ResourceHyperParameter))
            errors.Add("hyperband.resourceHyperParameter", "must name a hyperparameter");
        var built = spec.Hyperband is { } settings
            ? errors.Check<IPruner>(() => SpecPaths.Under("hyperband", () =>
                new Hyperband(settings.MinResource, settings.MaxResource, settings.ReductionFactor, spec.Seed)))
            : spec.EarlyStopping == EarlyStoppingType.Auto ? new MedianStoppingRule() : new NoPruning();
        return errors.Count > before ? null : built;
    }

    private static void CheckWarmStart(TuningSpec spec, ValidationErrors errors)
    {
        if (spec.WarmStart is not { } warm) return;
        if (warm.ParentTuningJobs.Count is 0 or > MaxWarmStartParents)
            errors.Add("warmStart.parentTuningJobs", $"name 1 to {MaxWarmStartParents} parent tuning jobs");
        else if (warm.ParentTuningJobs.Distinct().Count() != warm.ParentTuningJobs.Count)
            errors.Add("warmStart.parentTuningJobs", "names a parent twice");
        else if (warm.ParentTuningJobs.Contains(spec.Name))
            errors.Add("warmStart.parentTuningJobs", "a tuning job cannot warm-start from itself");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex StudyName();
}
