using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.Storage;

/// <summary>
/// The trial cache hands out its chunks of trials instead of copying the whole study on every read; a chunk handed out
/// is never changed afterwards, so an earlier read keeps showing the trials as they were when it was made.
/// </summary>
public class TrialHistorySnapshotTests
{
    [Fact]
    public void An_earlier_read_is_not_changed_by_later_trials()
    {
        using var store = new InMemoryStudyStore();
        var study = Study.Create(store, "chunks", ObjectiveDirection.Minimize);
        var space = new SearchSpace([new ContinuousRange("x", 0, 1)]);
        for (int i = 0; i < 1500; i++) study.Add(space, new Dictionary<string, object> { ["x"] = 0.5 }, i);
        var running = study.Ask(space);
        var first = study.CurrentTrials();
        var copy = first.ToList();
        study.Tell(running, 7);
        var late = study.Ask(space);
        var second = study.CurrentTrials();

        Assert.Equal(copy, first);
        Assert.Equal(copy, first.ToList());
        Assert.Equal(TrialState.Running, first[1500].State);
        Assert.Equal(1501, first.Count);
        Assert.Equal(TrialState.Completed, second[1500].State);
        Assert.Equal(late.Id, second[1501].Id);
        Assert.Equal(store.GetTrials(study.Record.Id).Select(t => (t.Id, t.State)), second.Select(t => (t.Id, t.State)));
        Assert.Same(first[3], second[3]);   // finished trials are the same objects
        Assert.Throws<ArgumentOutOfRangeException>(() => first[1501]);
    }
}
