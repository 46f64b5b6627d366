using Caviar.SearchSpaces;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.Storage;

/// <summary>Enqueued trials (Optuna's enqueue_trial) in every store: Waiting until asked, oldest first, missing values drawn.</summary>
public abstract partial class StudyStoreContractTests
{
    private static readonly SearchSpace EnqueueSpace = new([new ContinuousRange("lr", 0.001, 0.1, ScalingType.Logarithmic),
        new IntegerRange("layers", 1, 4), new CategoricalRange("optimizer", ["sgd", "adam"])]);

    [Fact]
    public void Enqueued_trials_wait_and_the_next_asks_take_them_oldest_first_before_drawing_new_ones()
    {
        var clock = new Support.ManualClock(T0);
        var study = Study.Create(Store, "enqueued", ObjectiveDirection.Minimize, new StudyOptions { Seed = 3, Clock = clock });
        var first = study.Enqueue(EnqueueSpace, new Dictionary<string, object> { ["lr"] = 0.01, ["layers"] = 3L, ["optimizer"] = "adam" });
        var partial = study.Enqueue(EnqueueSpace, new Dictionary<string, object> { ["layers"] = 2 });
        Assert.Equal((0, TrialState.Waiting), (first.Number, first.State));
        Assert.Equal([TrialState.Waiting, TrialState.Waiting], study.Trials.Select(t => t.State));

        clock.Advance(TimeSpan.FromSeconds(10));
        var asked = study.Ask(EnqueueSpace);
        Assert.Equal(0, asked.Number);
        Assert.Equal(new Dictionary<string, object> { ["lr"] = 0.01, ["layers"] = 3L, ["optimizer"] = "adam" }, asked.Params);
        var stored = Store.GetTrial(asked.Id);
        Assert.Equal((TrialState.Running, T0.AddSeconds(10), (string?)null), (stored.State, stored.StartedAt, stored.Worker));
        study.Tell(asked, 0.5);

        var second = study.Ask(EnqueueSpace);           // the given value kept, the two missing ones drawn and stored
        Assert.Equal((partial.Id, 2L), (second.Id, second.Params["layers"]));
        Assert.Equal(3, Store.GetTrial(second.Id).Params.Count);
        study.Tell(second, 0.25);

        var drawn = study.Ask(EnqueueSpace);            // nothing waits any more: a new trial
        Assert.Equal(2, drawn.Number);
        Assert.Equal([TrialState.Completed, TrialState.Completed, TrialState.Running], study.Trials.Select(t => t.State));
    }

    [Fact]
    public void A_tuning_run_evaluates_enqueued_trials_first_and_counts_them_against_its_limit()
    {
        var study = Study.Create(Store, "run", ObjectiveDirection.Minimize, new StudyOptions { Seed = 4 });
        study.Enqueue(EnqueueSpace, new Dictionary<string, object> { ["lr"] = 0.002, ["layers"] = 4L, ["optimizer"] = "sgd" });
        var seen = new List<IReadOnlyDictionary<string, object>>();
        study.Optimize(trial => { seen.Add(trial.Params); return (long)trial.Params["layers"]; },
            new TuningLimits { MaxTrials = 3 }, space: EnqueueSpace);

        Assert.Equal(3, study.Trials.Count);
        Assert.Equal(new Dictionary<string, object> { ["lr"] = 0.002, ["layers"] = 4L, ["optimizer"] = "sgd" }, seen[0]);
        Assert.Equal((0, 4.0), (study.Trials[0].Number, study.Trials[0].Value!.Value));
    }
}
