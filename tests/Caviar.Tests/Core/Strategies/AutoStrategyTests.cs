using Caviar.SearchSpaces;
using Caviar.Specs;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Validation;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Strategies;

public class AutoStrategyTests
{
    private static readonly SearchSpace Numeric4 = StandardFunction.Box(4, 0, 1);

    [Fact]
    public void The_rule_picks_as_documented()
    {
        var mixed = new SearchSpace([new ContinuousRange("lr", 1e-4, 1, ScalingType.Logarithmic),
            new IntegerRange("units", 8, 256, ScalingType.Linear), new CategoricalRange("act", ["relu", "tanh"])]);
        var single = new SearchSpace([new ContinuousRange("x", 0, 1, ScalingType.Linear)]);
        Assert.Equal("tpe", AutoStrategy.Choose(mixed, 50));
        Assert.Equal("tpe", AutoStrategy.Choose(single, 50));
        Assert.Equal("gp", AutoStrategy.Choose(Numeric4, 100));
        Assert.Equal("gp", AutoStrategy.Choose(Numeric4, AutoStrategy.GpMaxBudget));
        Assert.Equal("cmaes", AutoStrategy.Choose(Numeric4, AutoStrategy.GpMaxBudget + 1));
        Assert.Equal("cmaes", AutoStrategy.Choose(Numeric4, null));
        Assert.Equal("cmaes", AutoStrategy.Choose(StandardFunction.Box(AutoStrategy.GpMaxDimensions + 1, 0, 1), 50));
    }

    [Fact]
    public void Auto_proposes_what_the_chosen_strategy_would()
    {
        foreach (var (budget, chosen) in new (int?, ISearchStrategy)[] { (60, new GpStrategy()), (null, new CmaEsStrategy()) })
        {
            var auto = InMemory(new AutoStrategy(budget), seed: 3);
            auto.Optimize(t => StandardFunctions.Rosenbrock4.Evaluate(t.Params), new TuningLimits { MaxTrials = 14 }, space: Numeric4);
            var direct = InMemory(chosen, seed: 3);
            direct.Optimize(t => StandardFunctions.Rosenbrock4.Evaluate(t.Params), new TuningLimits { MaxTrials = 14 }, space: Numeric4);
            Assert.Equal(direct.Trials.Select(t => t.Value), auto.Trials.Select(t => t.Value));
        }
    }

    [Fact]
    public void Spec_names_create_the_new_strategies_and_unknown_names_list_them()
    {
        Assert.IsType<CmaEsStrategy>(StrategyFactory.Create("CmaEs"));
        Assert.IsType<QuasiRandomSearch>(StrategyFactory.Create("quasirandom"));
        Assert.Equal(80, Assert.IsType<AutoStrategy>(StrategyFactory.Create("Auto", budget: 80)).Budget);
        var refusal = Assert.Throws<CaviarValidationException>(() => StrategyFactory.Create("cma"));
        Assert.Contains("CmaEs, QuasiRandom, Auto", refusal.Reason);
    }
}
