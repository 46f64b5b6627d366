namespace Caviar.Jobs.Tuning;

/// <summary>The "hyperband" section of a tuning spec: the resources of the Hyperband strategy.</summary>
public sealed record HyperbandSpec
{
    /// <summary>Smallest resource (epochs) a trial gets before it can be stopped. Default 1.</summary>
    public long MinResource { get; init; } = 1;

    /// <summary>Most resource a trial gets (usually the epochs it trains for). Required.</summary>
    public long MaxResource { get; init; }

    /// <summary>η: each rung keeps the best 1/η of the trials reaching it. Default 3.</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>
    /// How many successive-halving brackets, taken from the most aggressive one (first rung at minResource) up, each
    /// with its Hyperband budget weight, as Ray Tune's brackets. 1 is asynchronous successive halving (ASHA: Ray Tune's
    /// ASHAScheduler, Optuna's SuccessiveHalvingPruner). At most 1 + ⌊log_η(maxResource / minResource)⌋. Default: all
    /// of those (full Hyperband).
    /// </summary>
    public int? Brackets { get; init; }

    /// <summary>
    /// The training job's hyperparameter that receives <see cref="MaxResource"/> (unless the job sets it or it is
    /// tuned), so the spec need not repeat the budget. Default "epochs".
    /// </summary>
    public string ResourceHyperParameter { get; init; } = "epochs";
}
