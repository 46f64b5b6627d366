using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Studies;

public class BestTrialTrackerTests
{
    [Theory]
    [InlineData(ObjectiveDirection.Minimize)]
    [InlineData(ObjectiveDirection.Maximize)]
    public void Finds_what_a_pass_over_the_study_finds_as_trials_finish_out_of_order(ObjectiveDirection direction)
    {
        var study = InMemory(new RandomSearch(), direction: direction);
        var random = new Random(7);
        var fromCache = new BestTrialTracker(direction);      // the study's incremental reads (the run's stop check)
        var fromLists = new BestTrialTracker(direction);      // plain lists read from the store each time
        for (int round = 0; round < 40; round++)
        {
            // Three trials in flight, finished in a shuffled order: values from a small set (ties), some infeasible,
            // some failed.
            var running = Enumerable.Range(0, 3).Select(_ => study.Ask()).OrderBy(_ => random.Next()).ToList();
            foreach (var trial in running)
            {
                int kind = random.Next(6);
                if (kind == 0) study.Tell(trial, TrialState.Failed, "failed on purpose");
                else study.Tell(trial, [random.Next(1, 5)], kind == 1 ? [1.0] : [-1.0]);

                fromCache.Update(study.CurrentTrials());
                var all = study.Trials;
                fromLists.Update(all);
                var best = Study.BestOf(all, direction);
                int after = best is null ? 0 : all.Count(t => t.State == TrialState.Completed && t.Number > best.Number);
                Assert.Equal(best?.Number, fromCache.Best?.Number);
                Assert.Equal(after, fromCache.CompletedAfterBest);
                Assert.Equal(best?.Number, fromLists.Best?.Number);
                Assert.Equal(after, fromLists.CompletedAfterBest);
            }
        }
        Assert.NotNull(fromCache.Best);
    }

    [Fact]
    public void Starts_over_when_given_another_study()
    {
        var first = InMemory(new RandomSearch());
        first.Tell(first.Ask(), 1.0);
        var second = InMemory(new RandomSearch());
        second.Tell(second.Ask(), 5.0);
        second.Tell(second.Ask(), 6.0);

        var tracker = new BestTrialTracker(ObjectiveDirection.Minimize);
        tracker.Update(first.CurrentTrials());
        tracker.Update(second.CurrentTrials());

        Assert.Equal(5.0, tracker.Best!.Value);
        Assert.Equal(1, tracker.CompletedAfterBest);
    }
}
