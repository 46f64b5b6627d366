using Caviar.Studies;
using Caviar.SearchSpaces;
using Caviar.Jobs.Tuning;
using Caviar.Validation;

namespace Caviar.Tests.Specs;

public class TuningSpecLoaderTests
{
    private const string Valid = """
        {
          "name": "demo",
          "objective": { "type": "Maximize", "function": "branin" },
          "strategy": "random",
          "seed": 3,
          "hyperParameterRanges": [
            { "name": "x1", "type": "continuous", "minValue": -5, "maxValue": 10 },
            { "type": "continuous", "name": "x2", "minValue": 0, "maxValue": 15, "scalingType": "Linear" }
          ],
          "limits": { "maxTrials": 12, "maxParallel": 3, "maxRuntimeSeconds": 60 },
          "completionCriteria": { "bestNotImprovingTrials": 5, "convergence": { "window": 8 } }
        }
        """;

    private static CaviarValidationException Refused(string json) =>
        Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse(json));

    [Fact]
    public void Reads_every_field()
    {
        var plan = TuningSpecLoader.Parse(Valid);
        Assert.Equal("demo", plan.Name);
        Assert.Equal(Caviar.Trials.ObjectiveDirection.Maximize, plan.Direction);
        Assert.Equal(3, plan.Seed);
        Assert.Equal(new ContinuousRange("x1", -5, 10), plan.Space.Ranges[0]);
        var limits = plan.Limits;
        Assert.Equal((12, 3, TimeSpan.FromMinutes(1)), (limits.MaxTrials!.Value, limits.MaxParallel, limits.MaxRuntime!.Value));
        Assert.Equal(5, plan.CompletionCriteria.BestNotImprovingTrials);
        Assert.Equal(new Convergence { Window = 8, Tolerance = 0.01 }, plan.CompletionCriteria.Convergence);
    }

    [Fact]
    public void A_bad_convergence_tolerance_is_named()
    {
        var error = Refused(Valid.Replace("\"window\": 8", "\"window\": 8, \"tolerance\": -1"));
        Assert.Equal("completionCriteria.convergence.tolerance", error.Field);
    }

    [Fact]
    public void Ranges_default_to_the_functions_domain()
    {
        var plan = TuningSpecLoader.Parse("""{"name":"d","objective":{"function":"hartmann6"}}""");
        Assert.Equal(6, plan.Space.Count);
        Assert.Equal(50, plan.Limits.MaxTrials);
    }

    [Fact]
    public void An_unknown_field_is_named()
    {
        var error = Refused(Valid.Replace("\"maxParallel\"", "\"maxParalel\""));
        Assert.Equal("limits.maxParalel", error.Field);
        Assert.Equal("is not a known field", error.Reason);
    }

    [Fact]
    public void A_missing_range_bound_is_named()
    {
        var error = Refused(Valid.Replace("\"minValue\": -5, ", ""));
        Assert.Contains("minValue", error.Field);
        Assert.StartsWith("hyperParameterRanges[0]", error.Field);
    }

    [Fact]
    public void A_bad_range_is_named_by_its_index()
    {
        var error = Refused(Valid.Replace("\"minValue\": 0, \"maxValue\": 15", "\"minValue\": 15, \"maxValue\": 0"));
        Assert.Equal("hyperParameterRanges[1].minValue", error.Field);
    }

    [Fact]
    public void A_wrong_type_is_named()
    {
        var error = Refused(Valid.Replace("\"seed\": 3", "\"seed\": \"three\""));
        Assert.Equal("seed", error.Field);
    }

    [Theory]
    [InlineData("\"name\": \"demo\"", "\"name\": \"../etc\"", "name")]
    [InlineData("\"strategy\": \"random\"", "\"strategy\": \"annealing\"", "strategy")]
    [InlineData("\"function\": \"branin\"", "\"function\": \"sphere\"", "objective.function")]
    [InlineData("\"maxTrials\": 12", "\"maxTrials\": 0", "limits.maxTrials")]
    [InlineData("\"bestNotImprovingTrials\": 5", "\"bestNotImprovingTrials\": 0", "completionCriteria.bestNotImprovingTrials")]
    [InlineData("\"name\": \"x2\"", "\"name\": \"y\"", "hyperParameterRanges")]
    public void Bad_values_are_named(string from, string to, string field)
    {
        Assert.Contains(from, Valid);
        Assert.Equal(field, Refused(Valid.Replace(from, to)).Field);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Load("/nonexistent/spec.json"));
        Assert.Equal("spec", error.Field);
    }
}
