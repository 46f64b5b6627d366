using Caviar.Jobs.Specs;
using Caviar.Pruning;
using Caviar.SearchSpaces;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// A tuning job checked and compiled once (<see cref="TuningSpecLoader.Compile"/>): its search space, strategy, pruner,
/// limits, completion criteria, objectives, training job and warm-start parents, each built from the spec a single
/// time. The orchestrator, workers, the API and the command line read the plan, never the spec's fields; the spec
/// itself (<see cref="Spec"/>) is kept only as the record stored with the study and compared on resume.
/// A plan is for one study: its strategy and pruner may keep what they learn from that study's trials.
/// </summary>
public sealed class TuningPlan
{
    internal TuningPlan(TuningSpec spec, string baseDirectory, SearchSpace space, ISearchStrategy strategy,
        long? inherentTrialLimit, IPruner pruner,
        TuningLimits limits, CompletionCriteria completionCriteria, IReadOnlyList<TuningObjective> objectives,
        TrainingPlan? trainingJob, IReadOnlyList<TuningConstraint>? constraints = null, int? earlyStoppingObjective = null)
    {
        Constraints = constraints ?? [];
        EarlyStoppingObjective = earlyStoppingObjective;
        Spec = spec;
        BaseDirectory = baseDirectory;
        Space = space;
        Strategy = strategy;
        Pruner = pruner;
        Limits = limits;
        CompletionCriteria = completionCriteria;
        Objectives = objectives;
        TrainingJob = trainingJob;
        InherentTrialLimit = inherentTrialLimit;
    }

    /// <summary>The spec as given (command-line overrides applied), stored with the study as its configuration.</summary>
    public TuningSpec Spec { get; }

    /// <summary>The study's name.</summary>
    public string Name => Spec.Name;

    /// <summary>Where the spec's relative paths (the training job's channels, working directory) are resolved.</summary>
    public string BaseDirectory { get; }

    /// <summary>The ranges searched: the spec's, or the objective function's own domain.</summary>
    public SearchSpace Space { get; }

    /// <summary>The strategy's name as the spec gives it (Bayesian, TPE, GP, Random, Grid, Hyperband).</summary>
    public string StrategyName => Spec.Strategy;

    /// <summary>The sampler that proposes values (Hyperband's is TPE).</summary>
    public ISearchStrategy Strategy { get; }

    /// <summary>Early stopping: Hyperband, the median rule (earlyStopping Auto) or none.</summary>
    public IPruner Pruner { get; }

    /// <summary>The seed of every random choice.</summary>
    public int Seed => Spec.Seed;

    /// <summary>Most trials, trials at once and the run's wall-clock budget.</summary>
    public TuningLimits Limits { get; private init; }

    /// <summary>How many points the strategy can draw from the space at most (Grid's grid); null when unbounded.</summary>
    public long? InherentTrialLimit { get; }

    /// <summary>The most trials the study will hold: the smaller of maxTrials and the strategy's own limit; null when neither bounds it.</summary>
    public long? TrialTotal => Limits.MaxTrials is null && InherentTrialLimit is null
        ? null
        : Math.Min(Limits.MaxTrials ?? long.MaxValue, InherentTrialLimit ?? long.MaxValue);

    /// <summary>When the run may end before its limits. Never null: no criterion is an empty one.</summary>
    public CompletionCriteria CompletionCriteria { get; }

    /// <summary>What is optimised: one objective (<see cref="Objective"/>), or two to four (a multi-objective study).</summary>
    public IReadOnlyList<TuningObjective> Objectives { get; }

    /// <summary>One direction per objective, in the spec's order (the study's directions).</summary>
    public IReadOnlyList<ObjectiveDirection> Directions => Objectives.Select(o => o.Direction).ToArray();

    /// <summary>Whether the plan has several objectives.</summary>
    public bool IsMultiObjective => Objectives.Count > 1;

    /// <summary>The bounds a trial's metrics must keep to be feasible, in the spec's order (the trial's constraint values); empty when none.</summary>
    public IReadOnlyList<TuningConstraint> Constraints { get; }

    /// <summary>
    /// The index (into <see cref="Objectives"/>) of the objective the pruner compares: the spec's earlyStoppingObjective,
    /// or null (then the only objective of a one-objective plan).
    /// </summary>
    public int? EarlyStoppingObjective { get; }

    /// <summary>The objective whose intermediate values are reported to the pruner.</summary>
    public TuningObjective PruningObjective => Objectives[EarlyStoppingObjective ?? 0];

    /// <summary>The objective of a single-objective plan.</summary>
    public TuningObjective Objective => Objectives.Count == 1
        ? Objectives[0]
        : throw new InvalidOperationException($"the plan has {Objectives.Count} objectives; read Objectives");

    /// <summary>The direction of the single objective.</summary>
    public ObjectiveDirection Direction => Objective.Direction;

    /// <summary>The training job each trial runs; null when a test function is tuned.</summary>
    public TrainingPlan? TrainingJob { get; }

    /// <summary>Hyperband's resources (the budget each trial's job is told); null without Hyperband.</summary>
    public HyperbandSpec? Hyperband => Spec.Hyperband;

    /// <summary>Population-based training's settings (strategy PBT); null otherwise.</summary>
    public PbtSpec? Pbt => StrategyNames.IsPbt(Spec.Strategy) ? Spec.Pbt : null;

    /// <summary>The parent tuning jobs whose completed trials seed the strategy (read from the store when the study opens); null when none.</summary>
    public WarmStartSpec? WarmStart => Spec.WarmStart;

    /// <summary>
    /// The same plan with at most <paramref name="maxParallel"/> trials at once (the local launcher narrows it to the
    /// machine); the value must be within the limit's checked range.
    /// </summary>
    public TuningPlan WithMaxParallel(int maxParallel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxParallel, TuningLimits.MaxParallelLimit);
        return new TuningPlan(Spec, BaseDirectory, Space, Strategy, InherentTrialLimit, Pruner, Limits, CompletionCriteria, Objectives, TrainingJob,
            Constraints, EarlyStoppingObjective)
        {
            Limits = Limits with { MaxParallel = maxParallel },
        };
    }
}
