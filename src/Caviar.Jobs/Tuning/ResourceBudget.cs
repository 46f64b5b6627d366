namespace Caviar.Jobs.Tuning;

/// <summary>
/// With Hyperband, each trial's job is told its resource budget: the hyperparameter named by
/// <see cref="HyperbandSpec.ResourceHyperParameter"/> (default "epochs") gets <see cref="HyperbandSpec.MaxResource"/>,
/// the most any bracket lets a trial run (brackets stop trials early by pruning). The training job's own static value
/// or a tuned range of that name wins, so nothing the spec sets is overridden. With PBT, the trial
/// number is a member-round, and <see cref="PbtSpec.ResourceHyperParameter"/> gets the epochs
/// the member has trained by the end of that round (<see cref="Pbt.PbtSchedule.EpochsAt"/>).
/// </summary>
public static class ResourceBudget
{
    public static IReadOnlyDictionary<string, object> AddTo(TuningPlan plan, int trialNumber, IReadOnlyDictionary<string, object> tuned)
    {
        if (plan.Pbt is { } pbt)
        {
            var schedule = Pbt.PbtSchedule.Of(pbt);
            return new Dictionary<string, object>(tuned)
            {
                [pbt.ResourceHyperParameter] = schedule.EpochsAt(schedule.MemberRoundOf(trialNumber).Round),
            };
        }
        if (plan.Hyperband is not { } hyperband || plan.TrainingJob is not { } job) return tuned;
        string name = hyperband.ResourceHyperParameter;
        if (job.Spec.HyperParameters.ContainsKey(name) || tuned.ContainsKey(name)) return tuned;
        return new Dictionary<string, object>(tuned) { [name] = hyperband.MaxResource };
    }
}
