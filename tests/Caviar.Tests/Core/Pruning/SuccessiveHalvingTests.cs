using Caviar.Pruning;
using Caviar.Trials;
using Caviar.Validation;
using static Caviar.Tests.Pruning.Curves;

namespace Caviar.Tests.Pruning;

public class SuccessiveHalvingTests
{
    [Fact]
    public void Rungs_grow_by_the_reduction_factor_below_the_max_resource()
    {
        Assert.Equal([1L, 3L, 9L, 27L], new SuccessiveHalving(1, 81, 3).Rungs());
        Assert.Equal([3L, 9L, 27L], new SuccessiveHalving(1, 81, 3, minEarlyStoppingRate: 1).Rungs());
        Assert.Equal([2L, 4L, 8L], new SuccessiveHalving(2, 16, 2).Rungs());
    }

    [Fact]
    public void Only_the_best_third_at_a_rung_goes_on()
    {
        var asha = new SuccessiveHalving(1, 27, 3);
        // Six trials reached rung 1 with losses 0.1 … 0.6; a seventh arrives.
        var others = Enumerable.Range(0, 6).Select(i => Trial(i, TrialState.Pruned, 0.1 * (i + 1))).ToList();
        var good = Trial(6, TrialState.Running, 0.15);
        var poor = Trial(6, TrialState.Running, 0.35);
        Assert.False(asha.ShouldPrune(good, [.. others, good], ObjectiveDirection.Minimize));  // rank 1 of 7, 2 go on
        Assert.True(asha.ShouldPrune(poor, [.. others, poor], ObjectiveDirection.Minimize));   // rank 3
    }

    [Fact]
    public void The_first_trial_at_a_rung_goes_on()
    {
        var asha = new SuccessiveHalving(1, 27, 3);
        var first = Trial(0, TrialState.Running, 9.9, 9.9, 9.9);
        Assert.False(asha.ShouldPrune(first, [first], ObjectiveDirection.Minimize));
    }

    [Fact]
    public void Bad_settings_are_named()
    {
        // The core names its own parameters; the spec layer says hyperband.minResource (TuningSpecLoaderTests).
        Assert.Equal("minResource", Assert.Throws<CaviarValidationException>(() => new SuccessiveHalving(0, 9)).Field);
        Assert.Equal("maxResource", Assert.Throws<CaviarValidationException>(() => new SuccessiveHalving(5, 4)).Field);
        Assert.Equal("reductionFactor", Assert.Throws<CaviarValidationException>(() => new SuccessiveHalving(1, 9, 1)).Field);
        Assert.Equal("minResource", Assert.Throws<CaviarValidationException>(() => new Hyperband(0, 9)).Field);
    }
}
