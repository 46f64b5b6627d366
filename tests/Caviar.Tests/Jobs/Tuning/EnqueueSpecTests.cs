using Caviar.Jobs.Tuning;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.Specs;

/// <summary>A spec's <c>"enqueue": [{…}]</c>: checked before anything is written, evaluated first by caviar tune.</summary>
public class EnqueueSpecTests
{
    private static string Spec(string enqueue) => $$"""
        { "name": "enq", "objective": { "function": "branin" }, "strategy": "Random", "limits": { "maxTrials": 4 },
          "hyperParameterRanges": [ { "type": "continuous", "name": "x1", "minValue": -5, "maxValue": 10 },
                                    { "type": "continuous", "name": "x2", "minValue": 0, "maxValue": 15 } ],
          "enqueue": {{enqueue}} }
        """;

    [Theory]
    [InlineData("""[ { "x1": 3 }, { "x3": 1 } ]""", "enqueue[1].x3", "is not a range of the search space")]
    [InlineData("""[ { "x1": 30 } ]""", "enqueue[0].x1", "30 is outside [-5, 10]")]
    [InlineData("""[ { "x1": [1] } ]""", "enqueue[0].x1", "must be a number, a boolean or a string")]
    public void A_configuration_that_does_not_fit_is_refused_naming_it(string enqueue, string field, string reason)
    {
        var refused = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse(Spec(enqueue)));
        Assert.Equal((field, reason), (refused.Field, refused.Reason));
    }

    [Fact]
    public void Caviar_tune_evaluates_the_enqueued_configurations_first()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), Spec("""[ { "x1": 3.14159, "x2": 2.275 }, { "x1": -3.14159 } ]"""));
        var run = CliRunner.Run(dir.Path, "tune", "spec.json");
        Assert.True(run.ExitCode == 0, run.All);

        var trials = CliSpecs.Trials(dir, "enq");
        Assert.Equal(4, trials.Count);
        Assert.Equal((3.14159, 2.275), ((double)trials[0].ExternalParams["x1"], (double)trials[0].ExternalParams["x2"]));
        Assert.Equal(0.397887, trials[0].Value!.Value, 5);           // Branin's minimum
        Assert.Equal(-3.14159, (double)trials[1].ExternalParams["x1"]);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
    }
}
