using Caviar.Pruning;
using Caviar.Strategies;

namespace Caviar.Studies;

/// <summary>How a study searches. Every default is stated here.</summary>
public sealed record StudyOptions
{
    /// <summary>The search strategy; default TPE (Bayesian optimisation with tree-structured Parzen estimators).</summary>
    public ISearchStrategy Strategy { get; init; } = new TpeStrategy();

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
