using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.Storage;

/// <summary>What every store must do alike; run against each store by a subclass.</summary>
public abstract partial class StudyStoreContractTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ParameterRange Lr = new ContinuousRange("lr", 1e-5, 1e-1, ScalingType.Logarithmic);
    private static readonly ParameterRange Optimizer = new CategoricalRange("optimizer", ["sgd", "adam"]);
    private static readonly ParameterRange Layers = new IntegerRange("layers", 1, 8);

    protected abstract IStudyStore Store { get; }

    public virtual void Dispose() => Store.Dispose();

    [Fact]
    public void Every_field_of_a_trial_round_trips()
    {
        var study = Store.CreateStudy("s", ObjectiveDirection.Maximize, T0, """{"note":"kept"}""");
        var trial = Store.CreateTrial(study.Id, T0.AddSeconds(1));
        Store.SetParam(trial.Id, "lr", 3.0517578125e-5, Lr);
        Store.SetParam(trial.Id, "optimizer", 1, Optimizer);
        Store.SetParam(trial.Id, "layers", 8, Layers);
        Store.ReportIntermediate(trial.Id, 2, 0.123456789012345678);
        Store.ReportIntermediate(trial.Id, 1, -1e-300);
        Store.FinishTrial(trial.Id, TrialState.Completed, 0.987654321098765, T0.AddSeconds(5));

        var stored = Store.GetTrials(study.Id).Single();
        Assert.Equal((0, TrialState.Completed, 0.987654321098765), (stored.Number, stored.State, stored.Value!.Value));
        Assert.Equal(3.0517578125e-5, stored.Params["lr"]);
        Assert.Equal(Lr, stored.Distributions["lr"]);
        Assert.Equal(Optimizer, stored.Distributions["optimizer"]);
        Assert.Equal("adam", stored.ExternalParams["optimizer"]);
        Assert.Equal(8L, stored.ExternalParams["layers"]);
        Assert.Equal([1L, 2L], stored.IntermediateValues.Keys);
        Assert.Equal(0.123456789012345678, stored.IntermediateValues[2]);
        Assert.Equal(-1e-300, stored.IntermediateValues[1]);
        Assert.Equal(T0.AddSeconds(1), stored.StartedAt);
        Assert.Equal(T0.AddSeconds(5), stored.FinishedAt);
        var found = Store.FindStudy("s")!;
        Assert.Equal((study.Id, ObjectiveDirection.Maximize, T0, """{"note":"kept"}"""),
            (found.Id, found.Direction, found.CreatedAt, found.Configuration));
    }

    [Fact]
    public void An_added_finished_trial_keeps_its_parameters_objective_values_and_constraints()
    {
        var study = Store.CreateStudy("added", [ObjectiveDirection.Maximize, ObjectiveDirection.Minimize], T0);
        var one = Store.CreateStudy("added-one", ObjectiveDirection.Minimize, T0);
        var added = Store.AddFinishedTrial(study.Id, T0.AddSeconds(3), [new TrialParam("layers", 4, Layers)], [0.8, 12.5], [-1, 3]);
        var plain = Store.AddFinishedTrial(one.Id, T0, [new TrialParam("layers", 2, Layers)], [0.5], []);

        foreach (var stored in new[] { added, Store.GetTrial(added.Id), Store.GetTrials(study.Id).Single() })
        {
            Assert.Equal((0, TrialState.Completed, 0.8, T0.AddSeconds(3)), (stored.Number, stored.State, stored.Value!.Value, stored.FinishedAt));
            Assert.Equal([0.8, 12.5], stored.Values!);
            Assert.Equal([-1.0, 3.0], stored.Constraints);
            Assert.Equal(4.0, stored.Params["layers"]);
        }
        Assert.Equal([0.5], Store.GetTrial(plain.Id).Values!);
        Assert.Empty(Store.GetTrial(plain.Id).Constraints);
        Assert.Throws<CaviarValidationException>(() =>
            Store.AddFinishedTrial(study.Id, T0, [new TrialParam("layers", 4, Layers)], [0.8, double.PositiveInfinity], []));
        Assert.Single(Store.GetTrials(study.Id));
    }

    [Fact]
    public void Every_objective_value_and_constraint_of_a_multi_objective_trial_round_trips()
    {
        ObjectiveDirection[] directions = [ObjectiveDirection.Maximize, ObjectiveDirection.Minimize, ObjectiveDirection.Minimize];
        var study = Store.CreateStudy("mo", directions, T0);
        var single = Store.CreateStudy("one", ObjectiveDirection.Minimize, T0);
        var trial = Store.CreateTrial(study.Id, T0);
        Store.SetParam(trial.Id, "layers", 3, Layers);
        var told = Store.CompleteTrialAndRead(trial.Id, [0.91, 1.5e-3, -2], [0.25, -1e-9], T0.AddSeconds(2));
        var open = Store.CreateTrial(study.Id, T0);
        var plain = Store.CreateTrial(single.Id, T0);
        Store.FinishTrial(plain.Id, TrialState.Completed, 0.5, T0);

        Assert.Equal(directions, Store.FindStudy("mo")!.Directions);
        Assert.Equal(directions, Store.ListStudies().Single(s => s.Name == "mo").Directions);
        Assert.Equal(ObjectiveDirection.Maximize, Store.FindStudy("mo")!.Direction);
        Assert.Equal([ObjectiveDirection.Minimize], Store.FindStudy("one")!.Directions);
        foreach (var stored in new[] { told, Store.GetTrial(trial.Id), Store.GetTrials(study.Id)[0] })
        {
            Assert.Equal((TrialState.Completed, 0.91), (stored.State, stored.Value!.Value));
            Assert.Equal([0.91, 1.5e-3, -2], stored.Values!);
            Assert.Equal([0.25, -1e-9], stored.Constraints);
            Assert.Equal((false, 0.25), (stored.IsFeasible, stored.ConstraintViolation));
            Assert.Equal(3.0, stored.Params["layers"]);
        }
        Assert.Null(Store.GetTrial(open.Id).Values);
        Assert.Empty(Store.GetTrial(open.Id).Constraints);
        Assert.Equal([0.5], Store.GetTrial(plain.Id).Values!);
        Assert.Throws<InvalidOperationException>(() => Store.CompleteTrialAndRead(trial.Id, [1, 2, 3], [], T0));
        Assert.Throws<CaviarValidationException>(() => Store.CompleteTrialAndRead(open.Id, [1, double.NaN, 3], [], T0));
        Assert.Equal(TrialState.Running, Store.GetTrial(open.Id).State);
    }

    [Fact]
    public void Trial_numbers_count_per_study()
    {
        var a = Store.CreateStudy("a", ObjectiveDirection.Minimize, T0);
        var b = Store.CreateStudy("b", ObjectiveDirection.Minimize, T0);
        Store.CreateTrial(a.Id, T0);
        Store.CreateTrial(a.Id, T0);
        Assert.Equal(0, Store.CreateTrial(b.Id, T0).Number);
        Assert.Equal(2, Store.CreateTrial(a.Id, T0).Number);
        Assert.Equal(["a", "b"], Store.ListStudies().Select(s => s.Name));
    }

    [Fact]
    public void A_duplicate_study_name_is_refused_and_the_existing_study_is_untouched()
    {
        var first = Store.CreateStudy("dup", ObjectiveDirection.Minimize, T0, "one");
        Store.CreateTrial(first.Id, T0);
        var error = Assert.Throws<CaviarConflictException>(() => Store.CreateStudy("dup", ObjectiveDirection.Maximize, T0, "two"));
        Assert.Equal("name", error.Field);
        var kept = Store.FindStudy("dup")!;
        Assert.Equal((ObjectiveDirection.Minimize, "one"), (kept.Direction, kept.Configuration));
        Assert.Single(Store.GetTrials(kept.Id));
    }

    [Fact]
    public void A_finished_trial_cannot_change()
    {
        var study = Store.CreateStudy("s", ObjectiveDirection.Minimize, T0);
        var trial = Store.CreateTrial(study.Id, T0);
        Store.SetParam(trial.Id, "lr", 1e-3, Lr);
        Store.FinishTrial(trial.Id, TrialState.Failed, null, T0, "diverged");
        Assert.Throws<InvalidOperationException>(() => Store.FinishTrial(trial.Id, TrialState.Completed, 1, T0));
        Assert.Throws<InvalidOperationException>(() => Store.SetParam(trial.Id, "lr", 2e-3, Lr));
        Assert.Throws<InvalidOperationException>(() => Store.ReportIntermediate(trial.Id, 1, 1));
        var stored = Store.GetTrial(trial.Id);
        Assert.Equal((TrialState.Failed, "diverged", 1e-3), (stored.State, stored.FailureReason, stored.Params["lr"]));
    }

    [Fact]
    public void Finishing_and_reading_returns_the_stored_trial_and_refuses_a_finished_or_unknown_one()
    {
        var study = Store.CreateStudy("s", ObjectiveDirection.Minimize, T0);
        var trial = Store.CreateTrial(study.Id, T0);
        Store.SetParams(trial.Id, [new TrialParam("lr", 1e-3, Lr), new TrialParam("layers", 3, Layers)]);
        Store.ReportIntermediate(trial.Id, 1, 0.5);
        var finished = Store.FinishTrialAndRead(trial.Id, TrialState.Completed, 0.25, T0.AddSeconds(3));
        Assert.Equal((0, TrialState.Completed, 0.25, T0.AddSeconds(3)), (finished.Number, finished.State, finished.Value, finished.FinishedAt));
        Assert.Equal((1e-3, 3.0), (finished.Params["lr"], finished.Params["layers"]));
        Assert.Equal(0.5, finished.IntermediateValues[1]);

        Assert.Throws<InvalidOperationException>(() => Store.FinishTrialAndRead(trial.Id, TrialState.Failed, null, T0.AddSeconds(4), "late"));
        Assert.Throws<KeyNotFoundException>(() => Store.FinishTrialAndRead(trial.Id + 1000, TrialState.Failed, null, T0));
        var kept = Store.GetTrial(trial.Id);
        Assert.Equal((TrialState.Completed, 0.25, (string?)null), (kept.State, kept.Value, kept.FailureReason));
    }

    [Fact]
    public void Values_outside_their_range_and_valueless_completions_are_refused()
    {
        var study = Store.CreateStudy("s", ObjectiveDirection.Minimize, T0);
        var trial = Store.CreateTrial(study.Id, T0);
        Assert.Equal("lr", Assert.Throws<CaviarValidationException>(() => Store.SetParam(trial.Id, "lr", 0.5, Lr)).Field);
        Assert.Equal("value", Assert.Throws<CaviarValidationException>(() =>
            Store.FinishTrial(trial.Id, TrialState.Completed, double.NaN, T0)).Field);
        Assert.Equal(TrialState.Running, Store.GetTrial(trial.Id).State);
        Assert.Empty(Store.GetTrial(trial.Id).Params);
    }

    [Fact]
    public void Reporting_a_step_again_replaces_its_value_and_nan_is_kept()
    {
        var study = Store.CreateStudy("s", ObjectiveDirection.Minimize, T0);
        var trial = Store.CreateTrial(study.Id, T0);
        Store.ReportIntermediate(trial.Id, 1, 5);
        Store.ReportIntermediate(trial.Id, 1, 4);
        Store.ReportIntermediate(trial.Id, 2, double.NaN);
        var curve = Store.GetTrial(trial.Id).IntermediateValues;
        Assert.Equal(4, curve[1]);
        Assert.True(double.IsNaN(curve[2]));
    }

    [Fact]
    public void Many_threads_never_share_a_trial_number()
    {
        var study = Store.CreateStudy("s", ObjectiveDirection.Minimize, T0);
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => Store.CreateTrial(study.Id, T0));
        Assert.Equal(Enumerable.Range(0, 200), Store.GetTrials(study.Id).Select(t => t.Number));
    }

    [Fact]
    public void Changed_trials_are_those_above_a_number_or_listed()
    {
        var study = Store.CreateStudy("changed", ObjectiveDirection.Minimize, T0);
        for (int n = 0; n < 6; n++) Store.CreateTrial(study.Id, T0);

        Assert.Equal([4, 5], Store.GetTrialsChanged(study.Id, 3, []).Select(t => t.Number));
        Assert.Equal([1, 3, 5], Store.GetTrialsChanged(study.Id, 4, [1, 3]).Select(t => t.Number));
        Assert.Empty(Store.GetTrialsChanged(study.Id, 5, []));
        // A listed trial that is also above the number comes once, with its values.
        Store.ReportIntermediate(Store.GetTrials(study.Id)[4].Id, 1, 0.5);
        var both = Store.GetTrialsChanged(study.Id, 3, [0, 4]);
        Assert.Equal([0, 4, 5], both.Select(t => t.Number));
        Assert.Equal(0.5, both[1].IntermediateValues[1]);
        Assert.Empty(Store.GetTrialsChanged(Store.CreateStudy("other", ObjectiveDirection.Minimize, T0).Id, -1, [0, 4]));
    }

    [Fact]
    public void The_history_cache_reads_what_the_store_holds_and_keeps_finished_trials()
    {
        var study = Store.CreateStudy("cached", ObjectiveDirection.Minimize, T0);
        var cache = new TrialHistoryCache(Store, study.Id);
        var trials = Enumerable.Range(0, 5).Select(_ => Store.CreateTrial(study.Id, T0)).ToList();
        Store.SetParam(trials[0].Id, "lr", 1e-3, Lr);
        Store.FinishTrial(trials[0].Id, TrialState.Completed, 0.5, T0.AddSeconds(1));
        Store.FinishTrial(trials[1].Id, TrialState.Failed, null, T0.AddSeconds(1), "broke");
        AssertSame(Store.GetTrials(study.Id), cache.Read());
        var kept = cache.Read()[0];

        // Running trials finish and report, new ones start: the next read sees all of it.
        Store.ReportIntermediate(trials[2].Id, 1, 0.7);
        Store.FinishTrial(trials[3].Id, TrialState.Completed, 0.25, T0.AddSeconds(2));
        Store.CreateTrial(study.Id, T0);
        var read = cache.Read();
        AssertSame(Store.GetTrials(study.Id), read);
        Assert.Same(kept, read[0]);
        Assert.Equal(0.7, read[2].IntermediateValues[1]);

        // Past the listed limit of unfinished trials, everything from the lowest unfinished one is read again.
        for (int n = 0; n < TrialHistoryCache.MaxListedUnfinished + 5; n++) Store.CreateTrial(study.Id, T0);
        cache.Read();
        Store.FinishTrial(trials[4].Id, TrialState.Completed, 0.125, T0.AddSeconds(3));
        AssertSame(Store.GetTrials(study.Id), cache.Read());
    }

    [Fact]
    public void A_report_with_its_read_writes_the_value_once_and_reads_it_refusing_a_finished_trial_without_taking_in_a_read()
    {
        var study = Store.CreateStudy("reported", ObjectiveDirection.Minimize, T0);
        var cache = new TrialHistoryCache(Store, study.Id);
        var trials = Enumerable.Range(0, 3).Select(_ => Store.CreateTrial(study.Id, T0)).ToList();
        Store.FinishTrial(trials[0].Id, TrialState.Completed, 0.5, T0.AddSeconds(1));
        cache.Read();

        // The read comes after the write: the trial's new value is in it, with what changed elsewhere meanwhile.
        Store.FinishTrial(trials[1].Id, TrialState.Completed, 0.25, T0.AddSeconds(2));
        var read = cache.ReportAndRead(trials[2].Id, 3, 0.75);
        AssertSame(Store.GetTrials(study.Id), read);
        Assert.Equal(0.75, read[2].IntermediateValues[3]);
        read = cache.ReportAndRead(trials[2].Id, 3, 0.625);   // the same step again: overwritten, one value
        Assert.Equal([(3L, 0.625)], read[2].IntermediateValues.Select(p => (p.Key, p.Value)));
        Assert.Equal([(3L, 0.625)], Store.GetTrial(trials[2].Id).IntermediateValues.Select(p => (p.Key, p.Value)));

        // A finished trial's value is refused as by ReportIntermediate, nothing written, and the cache takes in no read.
        var created = Store.CreateTrial(study.Id, T0);
        Assert.Throws<InvalidOperationException>(() => cache.ReportAndRead(trials[0].Id, 1, 0.1));
        Assert.Throws<KeyNotFoundException>(() => cache.ReportAndRead(trials[2].Id + 1000, 1, 0.1));
        Assert.Empty(Store.GetTrial(trials[0].Id).IntermediateValues);
        AssertSame(Store.GetTrials(study.Id), cache.Read());
        Assert.Equal(created.Id, cache.Read()[3].Id);
    }

    private static void AssertSame(IReadOnlyList<TrialRecord> expected, IReadOnlyList<TrialRecord> actual)
    {
        static object Row(TrialRecord t) => (t.Number, t.State, t.Value, t.FailureReason, string.Join(",", t.Params),
            string.Join(",", t.IntermediateValues));
        Assert.Equal(expected.Select(Row), actual.Select(Row));
    }
}

public sealed class InMemoryStudyStoreContractTests : StudyStoreContractTests
{
    protected override IStudyStore Store { get; } = new InMemoryStudyStore();
}

public sealed class SqliteStudyStoreContractTests : StudyStoreContractTests
{
    private readonly Support.TempDirectory _dir = new();
    private IStudyStore? _store;

    protected override IStudyStore Store => _store ??= Caviar.Storage.Sqlite.SqliteStudyStore.Open(_dir.File("store.db"));

    public override void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }
}

[Collection(Support.PostgresCollection.Name)]
[Trait("Needs", "postgres")]
public sealed class PostgresStudyStoreContractTests(Support.PostgresServer server) : StudyStoreContractTests
{
    private IStudyStore? _store;

    protected override IStudyStore Store => _store ??= Caviar.Storage.Postgres.PostgresStudyStore.Open(server.NewDatabase());
}
