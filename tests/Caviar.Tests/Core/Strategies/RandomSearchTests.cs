using Caviar.SearchSpaces;
using Caviar.Strategies;
using Caviar.Studies;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Strategies;

public class RandomSearchTests
{
    private static readonly SearchSpace Space = new([
        new ContinuousRange("lr", 1e-4, 1, ScalingType.Logarithmic),
        new IntegerRange("layers", 1, 5),
        new CategoricalRange("optimizer", ["sgd", "adam", "rmsprop"]),
    ]);

    private static Study Run(int seed, int trials = 30)
    {
        var study = InMemory(new RandomSearch(), seed);
        study.Optimize(t => 0.0, new TuningLimits { MaxTrials = trials }, space: Space);
        return study;
    }

    [Fact]
    public void Same_seed_gives_the_same_trials_and_another_seed_does_not()
    {
        var first = ParamsOf(Run(seed: 3));
        var again = ParamsOf(Run(seed: 3));
        var other = ParamsOf(Run(seed: 4));
        Assert.Equal(first.Select(p => p["lr"]), again.Select(p => p["lr"]));
        Assert.Equal(first.Select(p => p["optimizer"]), again.Select(p => p["optimizer"]));
        Assert.NotEqual(first.Select(p => p["lr"]), other.Select(p => p["lr"]));
    }

    [Fact]
    public void Draws_stay_in_range_and_follow_the_scaling()
    {
        var drawn = ParamsOf(Run(seed: 1, trials: 400));
        var lrs = drawn.Select(p => (double)p["lr"]).ToArray();
        Assert.All(lrs, lr => Assert.InRange(lr, 1e-4, 1));
        // Log scaling: about half the draws fall below the geometric mean 1e-2.
        Assert.InRange(lrs.Count(lr => lr < 1e-2), 160, 240);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, drawn.Select(p => (long)p["layers"]).Distinct().Order());
        Assert.Equal(3, drawn.Select(p => (string)p["optimizer"]).Distinct().Count());
    }
}
