using Caviar.Pruning;
using Caviar.Trials;
using static Caviar.Tests.Pruning.Curves;

namespace Caviar.Tests.Pruning;

/// <summary>
/// The three medians the rule can compare a trial's best value with: the completed trials' best values up to the step,
/// their values at the step (Optuna's MedianPruner), their means up to the step (Ray Tune's MedianStoppingRule).
/// </summary>
public class MedianComparisonTests
{
    // Losses at steps 1 and 2. By step 2: best 0.2 / 0.3 / 0.4 (median 0.3), at step 2 0.9 / 0.8 / 0.7 (median 0.8),
    // mean 0.55 each (median 0.55).
    private static readonly TrialRecord[] Completed =
    [
        Trial(0, TrialState.Completed, 0.2, 0.9),
        Trial(1, TrialState.Completed, 0.3, 0.8),
        Trial(2, TrialState.Completed, 0.4, 0.7),
    ];

    private static bool Prunes(MedianComparison comparison, TrialRecord trial, IEnumerable<TrialRecord>? completed = null) =>
        new MedianStoppingRule(new MedianStoppingOptions { StartupTrials = 3, WarmupSteps = 0, Compare = comparison })
            .ShouldPrune(trial, [.. completed ?? Completed, trial], ObjectiveDirection.Minimize);

    [Theory]
    [InlineData(MedianComparison.BestSoFar, true)]        // 0.6 > 0.3
    [InlineData(MedianComparison.ValueAtStep, false)]     // 0.6 < 0.8
    [InlineData(MedianComparison.RunningAverage, true)]   // 0.6 > 0.55
    public void Each_comparison_takes_its_own_median(MedianComparison comparison, bool pruned) =>
        Assert.Equal(pruned, Prunes(comparison, Trial(3, TrialState.Running, 0.7, 0.6)));

    [Theory]
    [InlineData(MedianComparison.BestSoFar)]
    [InlineData(MedianComparison.ValueAtStep)]
    [InlineData(MedianComparison.RunningAverage)]
    public void The_trial_is_judged_by_its_best_value_so_far(MedianComparison comparison) =>
        Assert.False(Prunes(comparison, Trial(3, TrialState.Running, 0.1, 5.0)));   // best 0.1 beats every median

    [Fact]
    public void Values_at_the_step_leave_out_trials_that_did_not_report_it()
    {
        // Nobody completed reported step 3: the value-at-step rule has nothing to compare with, the others use step 2.
        var late = Trial(3, TrialState.Running, 0.95, 0.95, 0.95);
        Assert.False(Prunes(MedianComparison.ValueAtStep, late));
        Assert.True(Prunes(MedianComparison.BestSoFar, late));
        Assert.True(Prunes(MedianComparison.RunningAverage, late));
        // With three completed trials that reported step 3, it decides there.
        TrialRecord[] longer = [.. Completed.Select(t => t with
        {
            IntermediateValues = new SortedDictionary<long, double>(t.IntermediateValues.ToDictionary()) { [3] = 0.5 },
        })];
        Assert.True(Prunes(MedianComparison.ValueAtStep, late, longer));
    }

    [Fact]
    public void The_running_average_skips_values_that_are_not_finite()
    {
        // Means by step 2 without the NaN: 0.2, 0.3, 0.4 (median 0.3); with it counted as anything, the median would move.
        TrialRecord[] gappy =
        [
            Trial(0, TrialState.Completed, double.NaN, 0.2),
            Trial(1, TrialState.Completed, double.NaN, 0.3),
            Trial(2, TrialState.Completed, double.NaN, 0.4),
        ];
        Assert.True(Prunes(MedianComparison.RunningAverage, Trial(3, TrialState.Running, 0.35, 0.35), gappy));
        Assert.False(Prunes(MedianComparison.RunningAverage, Trial(3, TrialState.Running, 0.25, 0.25), gappy));
    }

    [Fact]
    public void Maximising_turns_every_comparison_around()
    {
        // Accuracies: by step 2 best 0.8 / 0.7 / 0.6 (median 0.7), at step 2 0.1 / 0.2 / 0.3 (median 0.2), mean 0.45.
        TrialRecord[] accuracies =
        [
            Trial(0, TrialState.Completed, 0.8, 0.1),
            Trial(1, TrialState.Completed, 0.7, 0.2),
            Trial(2, TrialState.Completed, 0.6, 0.3),
        ];
        var trial = Trial(3, TrialState.Running, 0.3, 0.4);   // best 0.4
        bool Decide(MedianComparison comparison) =>
            new MedianStoppingRule(new MedianStoppingOptions { StartupTrials = 3, WarmupSteps = 0, Compare = comparison })
                .ShouldPrune(trial, [.. accuracies, trial], ObjectiveDirection.Maximize);
        Assert.True(Decide(MedianComparison.BestSoFar));        // 0.4 < 0.7
        Assert.False(Decide(MedianComparison.ValueAtStep));     // 0.4 > 0.2
        Assert.True(Decide(MedianComparison.RunningAverage));   // 0.4 < 0.45
    }
}
