using Caviar.SearchSpaces;

namespace Caviar.Tests.SearchSpaces;

public class ScalingTests
{
    [Theory]
    [InlineData(1e-5, 1e-1, ScalingType.Logarithmic)]
    [InlineData(1, 100, ScalingType.Logarithmic)]
    [InlineData(1, 99, ScalingType.Linear)]
    [InlineData(0, 1000, ScalingType.Linear)]
    [InlineData(-1, 1, ScalingType.Linear)]
    public void Auto_picks_log_for_positive_ranges_spanning_two_decades(double min, double max, ScalingType expected) =>
        Assert.Equal(expected, new ContinuousRange("x", min, max).EffectiveScaling);

    [Fact]
    public void Linear_midpoint_is_the_arithmetic_mean() =>
        Assert.Equal(5.0, new ContinuousRange("x", 0, 10, ScalingType.Linear).FromUnit(0.5), 12);

    [Fact]
    public void Logarithmic_midpoint_is_the_geometric_mean() =>
        Assert.Equal(1e-3, new ContinuousRange("lr", 1e-5, 1e-1, ScalingType.Logarithmic).FromUnit(0.5), 12);

    [Fact]
    public void Reverse_logarithmic_midpoint_is_geometric_in_distance_from_one()
    {
        var beta = new ContinuousRange("beta", 0.9, 0.999, ScalingType.ReverseLogarithmic);
        Assert.Equal(0.99, beta.FromUnit(0.5), 12);
        Assert.Equal(0.9, beta.FromUnit(0), 12);
        Assert.Equal(0.999, beta.FromUnit(1), 12);
    }

    [Theory]
    [InlineData(ScalingType.Linear)]
    [InlineData(ScalingType.Logarithmic)]
    [InlineData(ScalingType.ReverseLogarithmic)]
    public void Continuous_unit_mapping_round_trips(ScalingType scaling)
    {
        var range = new ContinuousRange("x", 0.01, 0.99, scaling);
        foreach (double x in new[] { 0.01, 0.2, 0.5, 0.9, 0.99 })
            Assert.Equal(x, range.FromUnit(range.ToUnit(x)), 9);
    }

    [Fact]
    public void Linear_integers_get_equal_shares_of_the_unit_interval()
    {
        var range = new IntegerRange("layers", 1, 4, ScalingType.Linear);
        var counts = new int[5];
        for (int i = 0; i < 4000; i++) counts[(int)range.FromUnit((i + 0.5) / 4000)]++;
        Assert.Equal([0, 1000, 1000, 1000, 1000], counts);
        for (long v = 1; v <= 4; v++) Assert.Equal(v, (long)range.FromUnit(range.ToUnit(v)));
    }

    [Fact]
    public void Logarithmic_integers_favour_small_values_and_reach_both_ends()
    {
        var range = new IntegerRange("units", 1, 1000, ScalingType.Logarithmic);
        Assert.Equal(1, range.FromUnit(0));
        Assert.Equal(1000, range.FromUnit(1));
        Assert.InRange(range.FromUnit(0.5), 25, 40);
        for (long v = 1; v <= 1000; v += 37) Assert.Equal(v, (long)range.FromUnit(range.ToUnit(v)));
    }

    [Fact]
    public void Categorical_choices_split_the_unit_interval_evenly()
    {
        var range = new CategoricalRange("opt", ["sgd", "adam", "rmsprop"]);
        Assert.Equal(0, range.FromUnit(0.1));
        Assert.Equal(1, range.FromUnit(0.5));
        Assert.Equal(2, range.FromUnit(1.0));
        Assert.Equal("adam", range.ToExternal(range.ToInternal("adam")));
        Assert.Throws<Caviar.Validation.CaviarValidationException>(() => range.ToInternal("lbfgs"));
    }
}
