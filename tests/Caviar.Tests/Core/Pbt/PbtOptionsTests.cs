using Caviar.Pbt;
using Caviar.SearchSpaces;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.Pbt;

public class PbtOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new PbtOptions();
        Assert.Equal(8, options.PopulationSize);
        Assert.Equal(2, options.PerturbationInterval);
        Assert.Equal(0.25, options.QuantileFraction);
        Assert.Equal(0.25, options.ResampleProbability);
        Assert.Equal([0.8, 1.2], options.PerturbationFactors);
        Assert.Equal(2, options.QuantileSize(8));
        Assert.Equal(1, options.QuantileSize(2));
    }

    [Theory]
    [InlineData(1, 2, 0.25, 0.25, "PopulationSize")]
    [InlineData(8, 0, 0.25, 0.25, "PerturbationInterval")]
    [InlineData(8, 2, 0.0, 0.25, "QuantileFraction")]
    [InlineData(8, 2, 0.6, 0.25, "QuantileFraction")]
    [InlineData(8, 2, 0.25, 1.5, "ResampleProbability")]
    public void Bad_options_are_refused_naming_the_property(int size, int interval, double quantile, double resample, string field)
    {
        var options = new PbtOptions
        {
            PopulationSize = size, PerturbationInterval = interval, QuantileFraction = quantile, ResampleProbability = resample,
        };
        Assert.Equal(field, Assert.Throws<CaviarValidationException>(options.Validate).Field);
        Assert.Equal("PerturbationFactors[1]", Assert.Throws<CaviarValidationException>(
            (new PbtOptions { PerturbationFactors = [0.8, -1] }).Validate).Field);
    }

    [Fact]
    public void Perturbing_keeps_values_in_their_ranges_rounds_integers_and_scales_log_ranges_by_the_factor()
    {
        var options = new PbtOptions { PerturbationFactors = [2.0], ResampleProbability = 0 };
        var random = new Random(1);
        var rate = new ContinuousRange("lr", 1e-4, 1e-1, ScalingType.Logarithmic);
        Assert.Equal(2e-3, PbtExplore.Perturb(rate, 1e-3, options, random), 12);
        Assert.Equal(1e-1, PbtExplore.Perturb(rate, 0.08, options, random));          // clamped
        var units = new IntegerRange("units", 1, 100);
        Assert.Equal(15, PbtExplore.Perturb(units, 7, options with { PerturbationFactors = [2.1] }, random)); // 14.7 → 15
        var stepped = new IntegerRange("batch", 16, 256, ScalingType.Linear, Step: 16);
        Assert.True(stepped.Contains(PbtExplore.Perturb(stepped, 48, options with { PerturbationFactors = [1.2] }, random)));
        var momentum = new ContinuousRange("momentum", 0.5, 0.999, ScalingType.ReverseLogarithmic);
        Assert.Equal(0.8, PbtExplore.Perturb(momentum, 0.9, options, random), 12);    // 1 − 0.1·2
        var optimizer = new CategoricalRange("optimizer", ["sgd", "adam", "rmsprop"]);
        for (int i = 0; i < 20; i++)
            Assert.Contains(PbtExplore.Perturb(optimizer, 1, options, random), new[] { 0.0, 2.0 });
    }

    [Fact]
    public void The_bottom_quantile_copies_a_top_member_and_the_same_seed_gives_the_same_round()
    {
        var space = new SearchSpace([new ContinuousRange("lr", 1e-4, 1e-1, ScalingType.Logarithmic)]);
        var current = Enumerable.Range(0, 8).Select(m => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["lr"] = 1e-3 * (m + 1) }).ToList();
        double?[] scores = [0.1, 0.9, 0.5, null, 0.8, 0.3, 0.7, 0.2];   // member 3 failed
        var decisions = PbtRound.Decide(space, new PbtOptions(), ObjectiveDirection.Maximize, current, scores, seed: 7, nextRound: 3);
        // Top 2: members 1 (0.9) and 4 (0.8); bottom 2: member 3 (no score) and member 0 (0.1).
        Assert.Equal([0, 3], decisions.Where(d => d.CopyFrom is not null).Select(d => d.Member).Order());
        Assert.All(decisions.Where(d => d.CopyFrom is not null), d => Assert.Contains(d.CopyFrom!.Value, new[] { 1, 4 }));
        Assert.All(decisions.Where(d => d.CopyFrom is null), d => Assert.Same(current[d.Member], d.HyperParameters));
        var again = PbtRound.Decide(space, new PbtOptions(), ObjectiveDirection.Maximize, current, scores, seed: 7, nextRound: 3);
        Assert.Equal(decisions.Select(d => (d.CopyFrom, d.HyperParameters["lr"])), again.Select(d => (d.CopyFrom, d.HyperParameters["lr"])));
        var minimizing = PbtRound.Decide(space, new PbtOptions(), ObjectiveDirection.Minimize, current, scores, seed: 7, nextRound: 3);
        Assert.Equal([1, 3], minimizing.Where(d => d.CopyFrom is not null).Select(d => d.Member).Order());
    }
}
