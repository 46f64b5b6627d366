using Caviar.Pruning;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Storage.Postgres;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Storage;

/// <summary>
/// The hot paths' round trips to PostgreSQL, counted on the wire (<see cref="RoundTripCounter"/>), so the claim holds
/// whatever the load: an ask is the trial cache's read and one statement writing the trial with its values (was 4 with
/// Random, 5 with TPE: a second read, and lock + insert, values, commit), and the statement alone when the caller has
/// just read the study (a run's stop check); a report with its pruning decision is one command, the value's statement
/// and the read (was 2) (issue 19 part 3).
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Needs", "postgres")]
public class PostgresRoundTripTests(PostgresServer server)
{
    private static readonly SearchSpace Space = new([new ContinuousRange("x", 0, 1), new CategoricalRange("kind", ["a", "b"])]);

    [Theory]
    [InlineData("random")]
    [InlineData("tpe")]
    public void An_ask_is_two_round_trips_one_after_a_stop_check_and_a_report_with_its_pruning_decision_one(string strategy)
    {
        using var relay = new RoundTripCounter(server.NewDatabase());
        using var store = PostgresStudyStore.Open(relay.Url);
        var study = Study.Create(store, "trips", ObjectiveDirection.Minimize, new StudyOptions
        {
            Strategy = strategy == "tpe" ? new TpeStrategy() : new RandomSearch(), Pruner = new MedianStoppingRule(), Seed = 4,
        });
        for (int i = 0; i < 20; i++)
        {
            var filled = study.Ask(Space);
            filled.Report(1, i);
            study.Tell(filled, (double)filled.Params["x"]);
        }

        long before = relay.RoundTrips;
        var trial = study.Ask(Space);
        Assert.Equal(2, relay.RoundTrips - before);
        Assert.Equal(20, trial.Number);
        var stored = store.GetTrial(trial.Id);
        Assert.Equal(TrialState.Running, stored.State);
        Assert.Equal(trial.Params["x"], stored.Params["x"]);

        before = relay.RoundTrips;
        trial.Report(1, 0.5);
        _ = trial.ShouldPrune();
        Assert.Equal(1, relay.RoundTrips - before);
        Assert.Equal(0.5, store.GetTrial(trial.Id).IntermediateValues[1]);
        // A second decision without a report reads the study again.
        before = relay.RoundTrips;
        _ = trial.ShouldPrune();
        Assert.Equal(1, relay.RoundTrips - before);

        // The run's stop check reads the study; the ask that follows draws from that read: its own statement only.
        var read = study.CurrentTrials();
        before = relay.RoundTrips;
        var next = study.TryAskWithin(Space, null, read)!;
        Assert.Equal(1, relay.RoundTrips - before);
        Assert.Equal(21, next.Number);
        Assert.Equal(next.Params["x"], store.GetTrial(next.Id).Params["x"]);
        Assert.Throws<ArgumentException>(() => study.TryAskWithin(Space, null, store.GetTrials(study.Record.Id)));
    }

    [Fact]
    public void A_tuning_run_asks_each_trial_with_the_read_of_its_stop_check()
    {
        using var relay = new RoundTripCounter(server.NewDatabase());
        using var store = PostgresStudyStore.Open(relay.Url);
        var study = Study.Create(store, "run", ObjectiveDirection.Minimize, new StudyOptions { Strategy = new RandomSearch(), Seed = 4 });
        long before = relay.RoundTrips;
        var outcome = study.Optimize(trial => (double)trial.Params["x"], new TuningLimits { MaxTrials = 10 }, space: Space);
        // Per trial: the stop check's read, the ask's statement, the tell; then the last stop check and the best trial's
        // read. Asking with a read of its own would make it 4 per trial.
        Assert.Equal(10 * 3 + 2, relay.RoundTrips - before);
        Assert.Equal(10, outcome.TrialsRun);
        Assert.Equal(10, store.GetTrials(study.Record.Id).Count(t => t.State == TrialState.Completed));
    }

    [Fact]
    public void A_pruning_decision_after_a_report_sees_the_value_and_trials_finished_meanwhile()
    {
        using var relay = new RoundTripCounter(server.NewDatabase());
        using var store = PostgresStudyStore.Open(relay.Url);
        var options = new StudyOptions { Strategy = new RandomSearch(), Pruner = new MedianStoppingRule(new MedianStoppingOptions { StartupTrials = 2 }), Seed = 4 };
        var study = Study.Create(store, "decided", ObjectiveDirection.Minimize, options);
        var late = study.Ask(Space);
        // Another process (its own store and study) finishes two trials with low values at step 1.
        using (var other = PostgresStudyStore.Open(relay.Url))
        {
            var elsewhere = Study.Load(other, "decided", options);
            for (int i = 0; i < 2; i++)
            {
                var done = elsewhere.Ask(Space);
                done.Report(1, 0.1);
                elsewhere.Tell(done, 0.1);
            }
        }
        late.Report(1, 5.0);   // far worse than both: the rule prunes, deciding on the read made with the report
        Assert.True(late.ShouldPrune());
        late.Report(2, 0.01);
        Assert.False(late.ShouldPrune());
        Assert.Equal([1L, 2L], store.GetTrial(late.Id).IntermediateValues.Keys);
    }

    [Fact]
    public void A_trial_whose_expected_number_was_taken_gets_the_next_one_with_values_drawn_for_it()
    {
        using var relay = new RoundTripCounter(server.NewDatabase());
        using var store = PostgresStudyStore.Open(relay.Url);
        long study = store.CreateStudy("taken", ObjectiveDirection.Minimize, DateTimeOffset.UnixEpoch).Id;
        var range = new ContinuousRange("x", 0, 100);
        var drawnFor = new List<int>();
        IReadOnlyList<TrialParam> Draw(int number)
        {
            drawnFor.Add(number);
            return [new TrialParam("x", number, range)];
        }

        long before = relay.RoundTrips;
        var first = store.CreateTrialWithValues(study, DateTimeOffset.UnixEpoch, Draw, null, expectedNumber: 0)!;
        Assert.Equal(1, relay.RoundTrips - before);   // number free: one statement
        Assert.Equal((0, 0.0), (first.Number, store.GetTrial(first.Id).Params["x"]));

        store.CreateTrial(study, DateTimeOffset.UnixEpoch);   // another process takes number 1
        var second = store.CreateTrialWithValues(study, DateTimeOffset.UnixEpoch, Draw, null, expectedNumber: 1)!;
        Assert.Equal(2, second.Number);
        Assert.Equal(2.0, store.GetTrial(second.Id).Params["x"]);
        Assert.Equal([0, 1, 2], drawnFor);

        Assert.Null(store.CreateTrialWithValues(study, DateTimeOffset.UnixEpoch, Draw, maxTrials: 3, expectedNumber: 3));
        Assert.Equal(3, store.GetTrials(study).Count);
        Assert.Throws<KeyNotFoundException>(() => store.CreateTrialWithValues(study + 1, DateTimeOffset.UnixEpoch, Draw, null, 0));
        Assert.Equal(3, store.GetTrials(study).Count);
    }
}
