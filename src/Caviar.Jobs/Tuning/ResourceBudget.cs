namespace Caviar.Jobs.Tuning;

/// <summary>
/// With Hyperband, each trial's job is told its resource budget: the hyperparameter named by
/// <see cref="HyperbandSpec.ResourceHyperParameter"/> (default "epochs") gets <see cref="HyperbandSpec.MaxResource"/>,
/// the most any bracket lets a trial run (brackets stop trials early by pruning). The training job's own static value
/// or a tuned range of that name wins, so nothing the spec sets is overridden.
/// </summary>
public static class ResourceBudget
{
    public static IReadOnlyDictionary<string, object> AddTo(TuningPlan plan, IReadOnlyDictionary<string, object> tuned)
    {
        if (plan.Hyperband is not { } hyperband || plan.TrainingJob is not { } job) return tuned;
        string name = hyperband.ResourceHyperParameter;
        if (job.Spec.HyperParameters.ContainsKey(name) || tuned.ContainsKey(name)) return tuned;
        return new Dictionary<string, object>(tuned) { [name] = hyperband.MaxResource };
    }
}
