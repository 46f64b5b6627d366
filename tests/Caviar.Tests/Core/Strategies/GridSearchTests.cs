using Caviar.SearchSpaces;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Validation;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Strategies;

public class GridSearchTests
{
    private static readonly SearchSpace Space = new([
        new CategoricalRange("optimizer", ["sgd", "adam", "rmsprop"]),
        new IntegerRange("layers", 1, 4),
    ]);

    [Fact]
    public void Visits_every_combination_once_and_infers_the_trial_count()
    {
        var study = InMemory(new GridSearch(), seed: 5);
        var outcome = study.Optimize(t => 0.0, new TuningLimits { MaxTrials = 1000 }, space: Space);

        Assert.Equal(StopReason.SearchSpaceExhausted, outcome.StopReason);
        Assert.Equal(12, outcome.TrialsRun);
        var points = ParamsOf(study).Select(p => $"{p["optimizer"]}/{p["layers"]}").ToArray();
        Assert.Equal(12, points.Distinct().Count());
    }

    [Fact]
    public void Order_depends_on_the_seed_but_coverage_does_not()
    {
        string[] Order(int seed)
        {
            var study = InMemory(new GridSearch(), seed);
            study.Optimize(t => 0.0, new TuningLimits(), space: Space);
            return ParamsOf(study).Select(p => $"{p["optimizer"]}/{p["layers"]}").ToArray();
        }
        Assert.Equal(Order(1), Order(1));
        Assert.NotEqual(Order(1), Order(2));
        Assert.Equal(Order(1).Order(), Order(2).Order());
    }

    [Fact]
    public void A_continuous_range_is_refused_naming_it()
    {
        var space = new SearchSpace([new IntegerRange("n", 1, 2), new ContinuousRange("lr", 0, 1)]);
        var study = InMemory(new GridSearch());
        var error = Assert.Throws<CaviarValidationException>(() =>
            study.Optimize(t => 0.0, new TuningLimits { MaxTrials = 4 }, space: space));
        Assert.Contains("'lr'", error.Reason);
        Assert.Empty(study.Trials);
    }
}
