using System.Text.RegularExpressions;
using Caviar.Tests.Support;

namespace Caviar.Tests.Cli;

/// <summary>
/// Specs a newcomer gets wrong (issue use20), given to the real <c>caviar tune</c>: each is refused with exit code 2
/// before anything is written, and the message says what is allowed, not only that the value is wrong.
/// </summary>
public class CliNewcomerRefusalTests
{
    private const string Branin = "\"objective\": { \"type\": \"Minimize\", \"function\": \"branin\" }";

    /// <summary>(the spec, a phrase the refusal must hold, a phrase it must not hold).</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        // A misspelt strategy lists every strategy a tuning spec takes, Hyperband and PBT included.
        { $$"""{ "name": "s", {{Branin}}, "strategy": "Bayesain" }""",
          "error: strategy: unknown strategy 'Bayesain'; use one of Bayesian, TPE, GP, CmaEs, QuasiRandom, Auto, Random, Grid, NSGA2, Hyperband, PBT", "wrong kind" },
        // An enum inside a range (a polymorphic object) names its values, as one outside does.
        { $$"""{ "name": "s", {{Branin}}, "hyperParameterRanges": [ { "type": "continuous", "name": "x1", "minValue": 1, "maxValue": 10, "scalingType": "Log" } ] }""",
          "error: hyperParameterRanges[0].scalingType: must be one of Auto, Linear, Logarithmic, ReverseLogarithmic", "wrong kind" },
        // A fraction as an integer range's bound says it must be whole.
        { $$"""{ "name": "s", {{Branin}}, "hyperParameterRanges": [ { "type": "integer", "name": "x1", "minValue": 1.5, "maxValue": 4 } ] }""",
          "error: hyperParameterRanges[0].minValue: must be a whole number", "wrong kind" },
        // A JSON syntax error says where it is, in the file's terms, without .NET's advice to change reader options.
        { $$"""{ "name": "s", {{Branin}}, }""",
          "error: spec: line 1, column ", "reader options" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_refusal_says_what_is_allowed_and_nothing_is_written(string spec, string expected, string unexpected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), spec);

        var run = CliRunner.Run(dir.Path, "tune", "spec.json");

        Assert.True(run.ExitCode == 2, run.All);
        string error = Regex.Replace(run.Error, @"\s+", " ");
        Assert.Contains(expected, error);
        Assert.DoesNotContain(unexpected, error);
        Assert.Equal(["spec.json"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }
}
