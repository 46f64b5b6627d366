using Caviar.Pruning;
using Caviar.Strategies;

namespace Caviar.Studies;

/// <summary>How a study searches. Every default is stated here.</summary>
public sealed record StudyOptions
{
    private readonly ISearchStrategy? _strategy;

    /// <summary>
    /// The search strategy; default TPE (Bayesian optimisation with tree-structured Parzen estimators) for one
    /// objective, NSGA-II (<see cref="NsgaIIStrategy"/>) for several (see <see cref="Studies.Study.Strategy"/>).
    /// </summary>
    public ISearchStrategy Strategy
    {
        get => _strategy ?? _defaultStrategy;
        init => _strategy = value;
    }

    private readonly ISearchStrategy _defaultStrategy = new TpeStrategy();

    /// <summary>Whether <see cref="Strategy"/> was given (not the default).</summary>
    internal bool StrategyGiven => _strategy is not null;

    /// <summary>
    /// Constraints (Optuna's <c>constraints_func</c>): called with each trial about to complete (its parameters and
    /// objective values set), it returns the constraint values, each satisfied when ≤ 0. Feasible trials rank before
    /// infeasible ones, which rank by total violation; the Pareto front and the best trial hold feasible trials only.
    /// Default: none (constraint values can also be told directly, see <see cref="Studies.Study.Tell(Studies.Trial, double[], double[])"/>).
    /// </summary>
    public Func<Trials.TrialRecord, IReadOnlyList<double>>? Constraints { get; init; }

    /// <summary>
    /// The objective (index into the study's directions) whose intermediate values the pruner compares. Default:
    /// none, which is the only objective of a one-objective study; a study with several objectives and a pruner must
    /// name one (it refuses to start otherwise).
    /// </summary>
    public int? EarlyStoppingObjective { get; init; }

    /// <summary>The seed for every random choice; default 0, so two runs of the same study agree.</summary>
    public int Seed { get; init; }

    /// <summary>Early stopping from intermediate values; default none.</summary>
    public IPruner Pruner { get; init; } = new NoPruning();

    /// <summary>
    /// Completed trials from earlier studies (warm start) that the strategy learns from as if they were this
    /// study's oldest trials. They are not stored here and count toward no limit. Default: none.
    /// </summary>
    public IReadOnlyList<Trials.TrialRecord> PriorTrials { get; init; } = [];

    /// <summary>The clock for trial times and max runtime; default the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
