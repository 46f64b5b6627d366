using Caviar.Jobs.Tuning;
using Caviar.SearchSpaces;
using Caviar.Storage.Relational;
using Caviar.Specs;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Validation;

namespace Caviar.Tests.SearchSpaces;

/// <summary><c>step</c> on float and integer ranges (Optuna's quantised ranges): only min + k·step is drawn, and a
/// step that does not divide the range is refused naming the field.</summary>
public class SteppedRangeTests
{
    [Theory]
    [InlineData("tpe")]
    [InlineData("random")]
    [InlineData("gp")]
    public void Every_strategy_draws_only_points_of_the_step_grid(string strategy)
    {
        var study = Support.Studies.InMemory(StrategyFactory.Create(strategy), seed: 5);
        var floats = new HashSet<double>();
        var ints = new HashSet<long>();
        study.Optimize(trial =>
        {
            double x = trial.SuggestFloat("x", 0, 1, step: 0.25);
            long n = trial.SuggestInt("n", 2, 10, step: 4);
            floats.Add(x);
            ints.Add(n);
            return Math.Abs(x - 0.5) + n;
        }, new TuningLimits { MaxTrials = 40 });

        Assert.Subset(new HashSet<double> { 0, 0.25, 0.5, 0.75, 1 }, floats);
        Assert.Subset(new HashSet<long> { 2, 6, 10 }, ints);
        Assert.True(floats.Count >= 3 && ints.Count >= 2, $"{floats.Count} floats, {ints.Count} integers drawn");
        if (strategy == "random")
        {
            Assert.Equal([0, 0.25, 0.5, 0.75, 1], floats.Order());
            Assert.Equal([2L, 6L, 10L], ints.Order());
        }
    }

    [Fact]
    public void Grid_search_visits_each_point_of_a_stepped_float_once()
    {
        var study = Support.Studies.InMemory(new GridSearch(), seed: 1);
        var space = new SearchSpace([new ContinuousRange("x", -1, 1, ScalingType.Linear, 0.5), new IntegerRange("k", 0, 4, Step: 2)]);
        var outcome = study.Optimize(trial => (double)trial.Params["x"], new TuningLimits { MaxTrials = 100 }, space: space);

        Assert.Equal(StopReason.SearchSpaceExhausted, outcome.StopReason);
        var points = study.Trials.Select(t => ((double)t.ExternalParams["x"], (long)t.ExternalParams["k"])).ToList();
        Assert.Equal(15, points.Count);
        Assert.Equal(15, points.Distinct().Count());
        Assert.Equal([-1, -0.5, 0, 0.5, 1], points.Select(p => p.Item1).Distinct().Order());
        Assert.Equal([0L, 2L, 4L], points.Select(p => p.Item2).Distinct().Order());
    }

    [Theory]
    [InlineData(0.3, "x.step", "0.3 does not divide the range [0, 1]: max − min must be a whole number of steps")]
    [InlineData(0.0, "x.step", "must be a number > 0, not 0")]
    public void A_float_step_that_does_not_fit_is_refused(double step, string field, string reason)
    {
        var study = Support.Studies.InMemory(seed: 1);
        var trial = study.Ask();
        var refused = Assert.Throws<CaviarValidationException>(() => trial.SuggestFloat("x", 0, 1, step: step));
        Assert.Equal((field, reason), (refused.Field, refused.Reason));
        Assert.Empty(study.Store.GetTrial(trial.Id).Params);
    }

    [Fact]
    public void In_a_spec_a_step_with_log_scaling_or_one_that_does_not_divide_is_refused_naming_the_range()
    {
        static string Spec(string range) => $$"""
            { "name": "s", "objective": { "function": "branin" }, "limits": { "maxTrials": 5 },
              "hyperParameterRanges": [ { "type": "continuous", "name": "x1", "minValue": -5, "maxValue": 10 }, {{range}} ] }
            """;
        var divides = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse(Spec(
            """{ "type": "integer", "name": "x2", "minValue": 0, "maxValue": 15, "step": 4 }""")));
        Assert.Equal(("hyperParameterRanges[1].step", "4 does not divide the range [0, 15]: max − min must be a whole number of steps"),
            (divides.Field, divides.Reason));
        var log = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse(Spec(
            """{ "type": "continuous", "name": "x2", "minValue": 1, "maxValue": 15, "step": 2, "scalingType": "Logarithmic" }""")));
        Assert.Equal(("hyperParameterRanges[1].step", "a step needs linear scaling, not Logarithmic"), (log.Field, log.Reason));

        var accepted = TuningSpecLoader.Parse(Spec("""{ "type": "continuous", "name": "x2", "minValue": 0, "maxValue": 15, "step": 0.5 }"""));
        Assert.Equal(new ContinuousRange("x2", 0, 15, ScalingType.Auto, 0.5), accepted.Spec.HyperParameterRanges![1]);
    }

    [Fact]
    public void A_stepped_range_round_trips_through_the_store_format_and_old_ranges_read_as_unstepped()
    {
        var stepped = new ContinuousRange("x", 0, 1, ScalingType.Linear, 0.1);
        Assert.Equal(stepped, DistributionJson.Read(DistributionJson.Write(stepped)));
        Assert.Equal(new IntegerRange("n", 0, 8, ScalingType.Auto, 4), DistributionJson.Read(DistributionJson.Write(new IntegerRange("n", 0, 8, Step: 4))));
        // As written before steps existed: no "step" field at all.
        Assert.Equal(new ContinuousRange("x", 0, 1), DistributionJson.Read("""{"type":"continuous","name":"x","minValue":0,"maxValue":1,"scalingType":"Auto"}"""));
        Assert.DoesNotContain("step", DistributionJson.Write(new ContinuousRange("x", 0, 1)));
    }

    [Fact]
    public void A_given_value_must_sit_on_the_grid()
    {
        var space = new SearchSpace([new ContinuousRange("x", 0, 1, ScalingType.Linear, 0.1)]);
        var study = Support.Studies.InMemory(seed: 1);
        var added = study.Add(space, new Dictionary<string, object> { ["x"] = 0.3 }, 1.0);
        Assert.Equal(0.30000000000000004, (double)added.ExternalParams["x"], 12);
        var refused = Assert.Throws<CaviarValidationException>(() => study.Add(space, new Dictionary<string, object> { ["x"] = 0.35 }, 1.0));
        Assert.Equal(("parameters.x", "0.35 is not 0 + a multiple of the step 0.1"), (refused.Field, refused.Reason));
    }
}
