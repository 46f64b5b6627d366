using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;
using Caviar.Validation;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Studies;

public class AskTellTests
{
    private static readonly SearchSpace Space = new([
        new ContinuousRange("x", -1, 1), new CategoricalRange("kind", ["a", "b"]),
    ]);

    [Fact]
    public void Ask_with_a_space_draws_every_value_and_tell_completes_the_trial()
    {
        var study = InMemory(new RandomSearch());
        var trial = study.Ask(Space);
        Assert.Equal(["kind", "x"], trial.Params.Keys.Order());

        var told = study.Tell(trial, 0.25);
        Assert.Equal(TrialState.Completed, told.State);
        Assert.Equal(0.25, told.Value);
        Assert.Equal(trial.Params["x"], told.ExternalParams["x"]);
        Assert.NotNull(told.FinishedAt);
    }

    [Fact]
    public void A_trial_can_be_told_only_once()
    {
        var study = InMemory(new RandomSearch());
        var trial = study.Ask(Space);
        study.Tell(trial, 1.0);
        Assert.Throws<InvalidOperationException>(() => study.Tell(trial, 2.0));
        Assert.Equal(1.0, study.Trials.Single().Value);
    }

    [Fact]
    public void Telling_a_non_finite_value_fails_the_trial_with_a_reason()
    {
        var study = InMemory(new RandomSearch());
        var told = study.Tell(study.Ask(Space), double.NaN);
        Assert.Equal(TrialState.Failed, told.State);
        Assert.Contains("NaN", told.FailureReason);
    }

    [Fact]
    public void Another_study_object_on_the_same_store_can_tell_by_trial_id()
    {
        var store = new InMemoryStudyStore();
        var asker = Study.Create(store, "shared", ObjectiveDirection.Maximize);
        var trial = asker.Ask(Space);
        var teller = Study.Load(store, "shared");
        teller.Tell(trial.Id, 3.0);
        Assert.Equal(3.0, asker.BestTrial!.Value);
    }

    [Fact]
    public void Define_by_run_returns_the_same_value_for_the_same_name_and_refuses_a_different_range()
    {
        var study = InMemory(new RandomSearch());
        var trial = study.Ask();
        double first = trial.SuggestFloat("lr", 1e-4, 1e-1, ScalingType.Logarithmic);
        Assert.Equal(first, trial.SuggestFloat("lr", 1e-4, 1e-1, ScalingType.Logarithmic));
        var error = Assert.Throws<CaviarValidationException>(() => trial.SuggestFloat("lr", 0, 1));
        Assert.Equal("lr", error.Field);
    }

    [Fact]
    public void Suggesting_an_invalid_range_is_refused_naming_the_parameter()
    {
        var trial = InMemory(new RandomSearch()).Ask();
        var error = Assert.Throws<CaviarValidationException>(() => trial.SuggestInt("units", 10, 1));
        Assert.Equal("units.minValue", error.Field);
    }

    [Fact]
    public void Intermediate_values_are_kept_in_step_order()
    {
        var study = InMemory(new RandomSearch());
        var trial = study.Ask(Space);
        trial.Report(2, 0.5);
        trial.Report(1, 0.9);
        trial.Report(3, 0.4);
        var told = study.Tell(trial, 0.4);
        Assert.Equal([1L, 2L, 3L], told.IntermediateValues.Keys);
        Assert.Equal(0.9, told.IntermediateValues[1]);
    }

    [Fact]
    public void Best_trial_follows_the_direction()
    {
        var minimise = InMemory(new RandomSearch());
        var maximise = InMemory(new RandomSearch(), direction: ObjectiveDirection.Maximize);
        foreach (double v in new[] { 3.0, 1.0, 2.0 })
        {
            minimise.Tell(minimise.Ask(Space), v);
            maximise.Tell(maximise.Ask(Space), v);
        }
        Assert.Equal(1.0, minimise.BestTrial!.Value);
        Assert.Equal(3.0, maximise.BestTrial!.Value);
    }
}
