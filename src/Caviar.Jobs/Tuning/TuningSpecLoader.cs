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
    /// <param name="launcher">Where the trials run (see <see cref="Compile"/>).</param>
    public static TuningPlan Load(string path, Launching.LauncherKind launcher = Launching.LauncherKind.Local) =>
        Compile(Read(path), BaseDirectoryOf(path), launcher);

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
    /// <param name="launcher">Where the trials run; under Kubernetes a training job's image is not looked for here (the cluster pulls it).</param>
    public static TuningPlan Compile(TuningSpec spec, string baseDirectory, Launching.LauncherKind launcher = Launching.LauncherKind.Local)
    {
        var errors = new ValidationErrors();
        if (!StudyName().IsMatch(spec.Name ?? ""))
            errors.Add("name", "must be 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit");
        var given = GivenObjectives(spec, errors);
        var strategy = errors.Check(() => StrategyOf(spec, given?.Count ?? 1));
        var space = spec.Objective is null && spec.Objectives is null && spec.HyperParameterRanges is null
            ? null : errors.Check(() => SpaceOf(spec));

        IReadOnlyList<TuningObjective>? objectives = null;
        TrainingPlan? trainingJob = null;
        if (given is not null && space is not null)
        {
            if (spec.TrainingJob is { } job)
                (objectives, trainingJob) = TrainingObjectives(given, job, space, baseDirectory, launcher, errors);
            else if (spec.Objective is { } one)
                objectives = errors.Check(() => FunctionObjective(one, space)) is { } function ? [function] : null;
            else
                errors.Add("trainingJob", "several objectives are metrics of a training job: give a trainingJob");
        }
        var constraints = ConstraintsOf(spec, errors);
        // Grid: refuses a continuous range, naming it.
        long? inherent = strategy is null || space is null ? null : errors.Check(() => strategy.InherentTrialLimit(space));

        errors.Check(() => spec.Limits.Validate());
        errors.Check(() => spec.CompletionCriteria?.Validate("completionCriteria"));
        if (spec.Limits.MaxTrials is null && spec.Limits.MaxRuntimeSeconds is null &&
            !spec.Strategy.Equals("grid", StringComparison.OrdinalIgnoreCase))
            errors.Add("limits.maxTrials", "give maxTrials or maxRuntimeSeconds so the job can end");
        var pruner = PrunerOf(spec, errors);
        int? earlyStopping = EarlyStoppingObjectiveOf(spec, given, pruner, errors);
        if (given is { Count: > 1 } && spec.CompletionCriteria is not null)
            errors.Add("completionCriteria", "judges one objective's value; with several objectives the run ends by its limits");
        CheckWarmStart(spec, errors);
        CheckPbt(spec, space, errors);
        if (space is not null) errors.Check(() => EnqueuedConfigurations.Validate(spec, space));

        errors.ThrowIfAny();
        return new TuningPlan(spec, baseDirectory, space!, strategy!, inherent, pruner!, spec.Limits.ToLimits(),
            spec.CompletionCriteria ?? new CompletionCriteria(), objectives!, trainingJob, constraints, earlyStopping);
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
        // One objective (direction) or several (directions, as Optuna's), each told by the client.
        IReadOnlyList<ObjectiveSpec?> objectives = spec.Objectives is { } several ? [.. several] : [spec.Objective];
        if (spec.Objectives is not null && spec.Objective is not null)
            errors.Add("directions", "give direction (one objective) or directions (several), not both");
        else if (spec.Objectives is { Count: < MinObjectives or > MaxObjectives })
            errors.Add("directions", $"give {MinObjectives} to {MaxObjectives} directions, or direction for one objective");
        if (objectives.Any(o => o is not { Function: null, MetricName: null }) || spec.TrainingJob is not null)
            errors.Add("name", $"'{spec.Name}' is a tuning job Caviar runs itself; ask/tell studies are created with POST /api/studies");
        var strategy = errors.Check(() => StrategyOf(spec, objectives.Count));
        var pruner = PrunerOf(spec, errors);
        if (objectives.Count > 1 && pruner is not null and not NoPruning)
            errors.Add(spec.Hyperband is null ? "earlyStopping" : "strategy",
                "early stopping compares one objective's reported values; a study with several directions cannot use it");
        errors.ThrowIfAny();
        return new TuningPlan(spec, Directory.GetCurrentDirectory(), space!, strategy!, null, pruner!, new TuningLimits(),
            new CompletionCriteria(), objectives.Select(o => new TuningObjective(o!.Type, null, null, ObjectiveAggregate.Last, null)).ToList(), null);
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

    /// <summary>
    /// The objectives as given, each with its spec path: objective alone, or objectives (2 to 4); null (with the
    /// refusal recorded) when neither, both, or a wrong count is given.
    /// </summary>
    private static IReadOnlyList<(ObjectiveSpec Spec, string Field)>? GivenObjectives(TuningSpec spec, ValidationErrors errors)
    {
        switch (spec.Objective, spec.Objectives)
        {
            case (null, null):
                errors.Add("objective", "is required");
                return null;
            case ({ } one, null):
                return [(one, "objective")];
            case (null, { } many) when many.Count is < MinObjectives or > MaxObjectives:
                errors.Add("objectives", $"give {MinObjectives} to {MaxObjectives} objectives, not {many.Count}; a single one is written as objective");
                return null;
            case (null, { } many) when many.IndexOf(null!) is var missing and >= 0:
                errors.Add($"objectives[{missing}]", "must be an object with metricName and type");
                return null;
            case (null, { } many):
                return many.Select((o, i) => (o, $"objectives[{i}]")).ToList();
            default:
                errors.Add("objectives", "give objective (one) or objectives (two to four), not both");
                return null;
        }
    }

    /// <summary>Fewest objectives <see cref="TuningSpec.Objectives"/> takes (one is written as <see cref="TuningSpec.Objective"/>).</summary>
    public const int MinObjectives = 2;

    /// <summary>Most objectives <see cref="TuningSpec.Objectives"/> takes.</summary>
    public const int MaxObjectives = 4;

    /// <summary>The spec's strategy; with several objectives the default (Bayesian) is NSGA-II with a model-based start,
    /// TPE throughout with 3 or more (<see cref="NsgaIIStrategy.SeveralObjectivesDefault"/>), and one that searches a single objective is refused.</summary>
    private static ISearchStrategy StrategyOf(TuningSpec spec, int objectives)
    {
        if (objectives > 1 && spec.Strategy.Equals("bayesian", StringComparison.OrdinalIgnoreCase))
            return NsgaIIStrategy.SeveralObjectivesDefault();
        ISearchStrategy strategy;
        try
        {
            strategy = StrategyFactory.Create(StrategyNames.SearchStrategyOf(spec.Strategy), budget: spec.Limits.MaxTrials);
        }
        catch (CaviarValidationException)
        {
            // The core's list lacks the spec's own names (Hyperband, PBT): name every one a spec takes.
            throw new CaviarValidationException("strategy", $"unknown strategy '{spec.Strategy}'; use one of {string.Join(", ", StrategyNames.All)}");
        }
        if (objectives > 1 && !strategy.SupportsMultipleObjectives)
            throw new CaviarValidationException("strategy",
                $"{spec.Strategy} searches one objective; with {objectives} use Bayesian (= NSGA2, the default), NSGA2, TPE, Random, Grid or Hyperband");
        return strategy;
    }

    private static (IReadOnlyList<TuningObjective>?, TrainingPlan?) TrainingObjectives(
        IReadOnlyList<(ObjectiveSpec Spec, string Field)> objectives, TrainingJobSpec job,
        SearchSpace space, string baseDirectory, Launching.LauncherKind launcher, ValidationErrors errors)
    {
        var withFunction = objectives.Where(o => o.Spec.Function is not null).ToList();
        foreach (var (_, field) in withFunction)
            errors.Add($"{field}.function", "give a function or a trainingJob, not both");
        if (withFunction.Count > 0) return (null, null);
        int before = errors.Count;
        TrainingJobValidator.Check(job, baseDirectory, "trainingJob.", nameRequired: false, hostGpus: null, launcher, errors);
        var seen = new Dictionary<string, string>();
        foreach (var (objective, field) in objectives)
        {
            if (string.IsNullOrWhiteSpace(objective.MetricName))
                errors.Add($"{field}.metricName", "is required with a trainingJob");
            // A script may report the metric itself (caviar.report, CAVIAR_METRICS_FILE); a built-in logs only its definitions.
            else if (!LogsMetric(job, objective.MetricName))
                errors.Add($"{field}.metricName", NotLogged(job, objective.MetricName));
            else if (!seen.TryAdd(objective.MetricName, field))
                errors.Add($"{field}.metricName", $"'{objective.MetricName}' is already {seen[objective.MetricName]}");
            errors.Check(() => ObjectiveAggregate.Validate(objective, field));
        }
        if (space.Count == 0)
            errors.Add("hyperParameterRanges", "a training job needs ranges to tune");
        for (int i = 0; i < space.Count; i++)
        {
            var range = space.Ranges[i];
            string field = $"hyperParameterRanges[{i}]";
            if (range.Name.StartsWith(OptimizeStep.TunedPrefix, StringComparison.Ordinal))
                errors.Check(() => CheckOptimizeRange(range, job, field));
            else if (job.Algorithm is not null && BuiltInAlgorithmCatalog.Find(job.Algorithm) is { } algorithm)
                errors.Check(() => algorithm.CheckRange(range, field));
        }
        for (int i = 0; i < space.Count; i++)
            if (job.HyperParameters.ContainsKey(space.Ranges[i].Name))
                errors.Add($"hyperParameterRanges[{i}].name", $"'{space.Ranges[i].Name}' is also a static hyperparameter of the training job");
        if (errors.Count > before) return (null, null);
        return (objectives.Select(o => new TuningObjective(o.Spec.Type, null, o.Spec.MetricName, o.Spec.Aggregate, o.Spec.K)).ToList(),
            new TrainingPlan(job, baseDirectory));
    }

    /// <summary>
    /// Whether <paramref name="job"/> logs <paramref name="metric"/>: a script may report any metric itself (caviar.report,
    /// CAVIAR_METRICS_FILE); a built-in logs its metric definitions and what its optimize step adds.
    /// </summary>
    private static bool LogsMetric(TrainingJobSpec job, string metric) =>
        job.Command is { Count: > 0 } || job.MetricDefinitions.Any(m => m.Name == metric) || OptimizeStep.MetricsOf(job).Contains(metric);

    private static string NotLogged(TrainingJobSpec job, string metric) =>
        job.Optimize is null
            ? $"'{metric}' is not among trainingJob.metricDefinitions"
            : $"'{metric}' is neither among trainingJob.metricDefinitions nor what trainingJob.optimize adds ({string.Join(", ", OptimizeStep.MetricsOf(job))})";

    /// <summary>A range tuning the optimize step: only optimize.sparsity, of a job with a step, within [0, 1).</summary>
    private static void CheckOptimizeRange(ParameterRange range, TrainingJobSpec job, string field)
    {
        if (range.Name != OptimizeStep.TunedSparsity)
            throw new CaviarValidationException(field + ".name", $"'{range.Name}': of the optimize step only {OptimizeStep.TunedSparsity} can be tuned");
        if (job.Optimize is null)
            throw new CaviarValidationException(field + ".name", $"{OptimizeStep.TunedSparsity} tunes trainingJob.optimize, which the job does not have");
        if (range is not ContinuousRange continuous)
            throw new CaviarValidationException(field + ".type", $"{OptimizeStep.TunedSparsity} is a fraction: give a Continuous range");
        OptimizeStep.CheckSparsity(continuous.MinValue, field + ".minValue");
        OptimizeStep.CheckSparsity(continuous.MaxValue, field + ".maxValue");
    }

    /// <summary>The spec's constraints, checked (each names a metric and at least one finite bound, min ≤ max).</summary>
    private static IReadOnlyList<TuningConstraint> ConstraintsOf(TuningSpec spec, ValidationErrors errors)
    {
        if (spec.Constraints is not { } given) return [];
        if (spec.TrainingJob is not { } job)
        {
            errors.Add("constraints", "bound metrics of a training job: give a trainingJob");
            return [];
        }
        var constraints = new List<TuningConstraint>();
        for (int i = 0; i < given.Count; i++)
        {
            string field = $"constraints[{i}]";
            var constraint = given[i];
            int before = errors.Count;
            if (constraint is null) { errors.Add(field, "must be an object with metricName and min and/or max"); continue; }
            if (string.IsNullOrWhiteSpace(constraint.MetricName))
                errors.Add($"{field}.metricName", "is required");
            else if (!LogsMetric(job, constraint.MetricName))
                errors.Add($"{field}.metricName", NotLogged(job, constraint.MetricName));
            if (constraint.Min is null && constraint.Max is null)
                errors.Add(field, "give min, max or both");
            if (constraint.Min is { } min && !double.IsFinite(min)) errors.Add($"{field}.min", "must be a finite number");
            if (constraint.Max is { } max && !double.IsFinite(max)) errors.Add($"{field}.max", "must be a finite number");
            if (constraint is { Min: { } low, Max: { } high } && low > high)
                errors.Add($"{field}.max", $"must be at least min ({low}), not {high}");
            if (errors.Count == before) constraints.Add(new TuningConstraint(constraint.MetricName!, constraint.Min, constraint.Max));
        }
        return constraints;
    }

    /// <summary>
    /// The index of the objective early stopping compares (earlyStoppingObjective names its metric): required with
    /// several objectives and a pruner, refused without a pruner or when it names no objective.
    /// </summary>
    private static int? EarlyStoppingObjectiveOf(TuningSpec spec, IReadOnlyList<(ObjectiveSpec Spec, string Field)>? objectives,
        IPruner? pruner, ValidationErrors errors)
    {
        if (objectives is null || pruner is null) return null;
        var names = objectives.Select(o => o.Spec.MetricName ?? o.Spec.Function).ToList();
        bool prunes = pruner is not NoPruning;
        if (spec.EarlyStoppingObjective is not { } name)
        {
            if (prunes && objectives.Count > 1)
                errors.Add("earlyStoppingObjective",
                    $"early stopping compares one objective's per-epoch values and the spec has {objectives.Count}: name one of {string.Join(", ", names)}");
            return null;
        }
        if (!prunes)
        {
            errors.Add("earlyStoppingObjective", "applies only with early stopping (earlyStopping Auto or strategy Hyperband)");
            return null;
        }
        int index = names.IndexOf(name);
        if (index < 0)
            errors.Add("earlyStoppingObjective", $"'{name}' is not an objective's metricName; use one of {string.Join(", ", names)}");
        return index < 0 ? null : index;
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
        if (spec.MedianStopping is not null && spec.EarlyStopping != EarlyStoppingType.Auto)
            errors.Add("medianStopping", "applies only with earlyStopping Auto");
        if (spec.Hyperband is { } named && string.IsNullOrWhiteSpace(named.ResourceHyperParameter))
            errors.Add("hyperband.resourceHyperParameter", "must name a hyperparameter");
        var built = spec.Hyperband is { } settings
            ? errors.Check<IPruner>(() => SpecPaths.Under("hyperband", () =>
                new Hyperband(settings.MinResource, settings.MaxResource, settings.ReductionFactor, spec.Seed, settings.Brackets)))
            : spec.EarlyStopping == EarlyStoppingType.Auto ? new MedianStoppingRule(spec.MedianStopping?.ToOptions(errors))
            : new NoPruning();
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
