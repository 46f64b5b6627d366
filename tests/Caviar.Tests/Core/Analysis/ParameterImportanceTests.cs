using Caviar.Analysis;
using Caviar.SearchSpaces;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Analysis;

public class ParameterImportanceTests
{
    [Fact]
    public void The_parameter_that_decides_the_value_ranks_first_and_noise_last()
    {
        var study = InMemory(new RandomSearch(), seed: 3);
        var space = new SearchSpace([
            new ContinuousRange("decisive", 0, 1), new ContinuousRange("noise", 0, 1),
            new CategoricalRange("kind", ["a", "b", "c"]),
        ]);
        study.Optimize(t => Math.Pow((double)t.Params["decisive"] - 0.2, 2) + ((string)t.Params["kind"] == "b" ? 0 : 0.01),
            new TuningLimits { MaxTrials = 300 }, space: space);

        var importance = ParameterImportance.Compute(study.Trials, ObjectiveDirection.Minimize);
        Assert.Equal(["decisive", "kind", "noise"], importance.Select(p => p.Name));
        Assert.Equal(1.0, importance.Sum(p => p.Importance), 9);
        Assert.True(importance[0].Importance > 0.5);
        Assert.True(importance[2].Importance < 0.1);
    }

    [Fact]
    public void Too_few_trials_give_no_ranking() =>
        Assert.Empty(ParameterImportance.Compute([], ObjectiveDirection.Minimize));
}
