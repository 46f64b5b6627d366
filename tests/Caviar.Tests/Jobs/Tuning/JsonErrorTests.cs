using Caviar.Jobs.Tuning;
using Caviar.Validation;

namespace Caviar.Tests.Specs;

/// <summary>A value of the wrong kind is refused naming its field and what it must be, in the spec's words.</summary>
public class JsonErrorTests
{
    [Theory]
    [InlineData("""{ "name": "t", "objective": { "function": "branin" }, "limits": { "maxTrials": "ten" } }""", "limits.maxTrials", "must be a whole number")]
    [InlineData("""{ "name": "t", "objective": { "function": "branin" }, "limits": { "maxRuntimeSeconds": true } }""", "limits.maxRuntimeSeconds", "must be a number")]
    [InlineData("""{ "name": "t", "objective": { "function": "branin", "type": "Up" } }""", "objective.type", "must be one of Minimize, Maximize")]
    [InlineData("""{ "name": "t", "objective": { "function": "branin" }, "earlyStopping": "Sometimes" }""", "earlyStopping", "must be one of Off, Auto")]
    [InlineData("""{ "name": "t", "objective": { "function": "branin" }, "hyperParameterRanges": [ { "type": "float", "name": "x1", "minValue": 0, "maxValue": 1 } ] }""", "hyperParameterRanges[0].type", "'float' is not a known type")]
    [InlineData("""{ "name": "t", "objective": { "function": "branin" }, "hyperParameterRanges": [ { "name": "x1", "minValue": 0, "maxValue": 1 } ] }""", "hyperParameterRanges[0].type", "is required")]
    public void A_value_of_the_wrong_kind_is_named_with_what_it_must_be(string json, string field, string reason)
    {
        var error = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse(json));
        Assert.Equal((field, reason), (error.Field, error.Reason));
    }
}
