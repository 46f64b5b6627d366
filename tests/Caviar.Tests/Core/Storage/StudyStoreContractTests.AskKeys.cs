using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Trials;

namespace Caviar.Tests.Storage;

/// <summary>Asks named by a client's key in every store: the same key finds its Running trial, never makes a second one.</summary>
public abstract partial class StudyStoreContractTests
{
    private IAskKeys AskKeys => Assert.IsAssignableFrom<IAskKeys>(Store);

    [Fact]
    public void An_ask_key_finds_its_running_trial_with_its_values_and_a_new_key_or_an_ended_trial_makes_a_new_one()
    {
        var study = Store.CreateStudy("keys", ObjectiveDirection.Minimize, T0);
        var other = Store.CreateStudy("keys-other", ObjectiveDirection.Minimize, T0);
        int draws = 0;
        IReadOnlyList<TrialParam> Draw(int number)
        {
            draws++;
            return [new TrialParam("layers", number + 1, Layers)];
        }

        var first = AskKeys.AskOnce(study.Id, "k1", T0, Draw);
        var again = AskKeys.AskOnce(study.Id, "k1", T0.AddSeconds(5), Draw);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, again.Params["layers"]);
        Assert.Equal("k1", again.UserAttributes[IAskKeys.AttributeName]);
        Assert.Equal(1, draws);                                      // found, not drawn again

        Assert.Equal(1, AskKeys.AskOnce(study.Id, "k2", T0, Draw).Number);
        Assert.Equal(0, AskKeys.AskOnce(other.Id, "k1", T0, Draw).Number);   // keys are per study
        Store.FinishTrial(first.Id, TrialState.Completed, 0.5, T0.AddSeconds(9));
        var afterEnd = AskKeys.AskOnce(study.Id, "k1", T0, Draw);
        Assert.Equal(2, afterEnd.Number);
        Assert.Equal(3, Store.GetTrials(study.Id).Count);
        Assert.Throws<KeyNotFoundException>(() => AskKeys.AskOnce(12345, "k", T0, Draw));
    }
}
