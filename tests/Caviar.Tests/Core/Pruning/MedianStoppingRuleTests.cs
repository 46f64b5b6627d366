using Caviar.Pruning;
using Caviar.Trials;
using static Caviar.Tests.Pruning.Curves;

namespace Caviar.Tests.Pruning;

public class MedianStoppingRuleTests
{
    private static readonly TrialRecord[] Completed =
    [
        Trial(0, TrialState.Completed, 0.9, 0.5, 0.3),
        Trial(1, TrialState.Completed, 0.8, 0.6, 0.4),
        Trial(2, TrialState.Completed, 0.7, 0.7, 0.5),
    ];

    private readonly MedianStoppingRule _rule = new(new MedianStoppingOptions { StartupTrials = 3, WarmupSteps = 2 });

    [Fact]
    public void Stops_a_trial_worse_than_the_median_of_completed_trials_at_the_same_step()
    {
        var poor = Trial(3, TrialState.Running, 0.95, 0.65);   // median best-by-step-2 of others: 0.6
        Assert.True(_rule.ShouldPrune(poor, [.. Completed, poor], ObjectiveDirection.Minimize));
    }

    [Fact]
    public void Keeps_a_trial_at_or_better_than_the_median()
    {
        var fine = Trial(3, TrialState.Running, 0.95, 0.6);
        Assert.False(_rule.ShouldPrune(fine, [.. Completed, fine], ObjectiveDirection.Minimize));
    }

    [Fact]
    public void Never_stops_during_warm_up_or_before_enough_trials_completed()
    {
        var early = Trial(3, TrialState.Running, 5.0);
        Assert.False(_rule.ShouldPrune(early, [.. Completed, early], ObjectiveDirection.Minimize));
        var poor = Trial(3, TrialState.Running, 0.95, 0.9);
        Assert.False(_rule.ShouldPrune(poor, [Completed[0], Completed[1], poor], ObjectiveDirection.Minimize));
    }

    [Fact]
    public void Follows_the_direction_when_maximising()
    {
        var low = Trial(3, TrialState.Running, 0.1, 0.2);     // others' best by step 2: 0.9, 0.8, 0.7
        Assert.True(_rule.ShouldPrune(low, [.. Completed, low], ObjectiveDirection.Maximize));
        var high = Trial(3, TrialState.Running, 0.1, 0.85);
        Assert.False(_rule.ShouldPrune(high, [.. Completed, high], ObjectiveDirection.Maximize));
    }
}
