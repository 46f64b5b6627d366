using Caviar.SearchSpaces;
using Caviar.Validation;

namespace Caviar.Tests.SearchSpaces;

public class RangeValidationTests
{
    private static CaviarValidationException Refused(params ParameterRange[] ranges) =>
        Assert.Throws<CaviarValidationException>(() => new SearchSpace(ranges));

    [Fact]
    public void Min_not_below_max_is_refused_naming_the_field()
    {
        var error = Refused(new ContinuousRange("lr", 0.1, 0.1));
        Assert.Equal("hyperParameterRanges[0].minValue", error.Field);
        Assert.Contains("less than max", error.Reason);
    }

    [Fact]
    public void Integer_min_above_max_is_refused()
    {
        var error = Refused(new ContinuousRange("a", 0, 1), new IntegerRange("layers", 5, 2));
        Assert.Equal("hyperParameterRanges[1].minValue", error.Field);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void Logarithmic_scaling_needs_a_positive_min(double min)
    {
        var error = Refused(new ContinuousRange("lr", min, 1, ScalingType.Logarithmic));
        Assert.Equal("hyperParameterRanges[0].scalingType", error.Field);
        Assert.Contains("min > 0", error.Reason);
    }

    [Theory]
    [InlineData(0.9, 1.0)]
    [InlineData(-0.1, 0.5)]
    [InlineData(0.5, 2.0)]
    public void Reverse_logarithmic_scaling_needs_a_range_inside_zero_one(double min, double max)
    {
        var error = Refused(new ContinuousRange("beta", min, max, ScalingType.ReverseLogarithmic));
        Assert.Equal("hyperParameterRanges[0].scalingType", error.Field);
        Assert.Contains("0 <= min < max < 1", error.Reason);
    }

    [Fact]
    public void Empty_categorical_is_refused()
    {
        var error = Refused(new CategoricalRange("optimizer", []));
        Assert.Equal("hyperParameterRanges[0].values", error.Field);
    }

    [Fact]
    public void Repeated_categorical_value_is_refused()
    {
        var error = Refused(new CategoricalRange("optimizer", ["adam", "sgd", "adam"]));
        Assert.Contains("'adam'", error.Reason);
    }

    [Fact]
    public void Duplicate_names_are_refused_naming_the_second()
    {
        var error = Refused(new ContinuousRange("lr", 0, 1), new IntegerRange("batch", 1, 8),
            new CategoricalRange("lr", ["a"]));
        Assert.Equal("hyperParameterRanges[2].name", error.Field);
        Assert.Contains("duplicate parameter name 'lr'", error.Reason);
    }

    [Fact]
    public void Non_finite_bounds_are_refused()
    {
        var error = Refused(new ContinuousRange("x", 0, double.PositiveInfinity));
        Assert.Equal("hyperParameterRanges[0].maxValue", error.Field);
    }

    [Fact]
    public void Grid_size_is_refused_for_continuous_ranges_naming_them()
    {
        var space = new SearchSpace([new IntegerRange("n", 1, 3), new ContinuousRange("lr", 0, 1)]);
        var error = Assert.Throws<CaviarValidationException>(() => space.GridSize());
        Assert.Equal("hyperParameterRanges[1].type", error.Field);
        Assert.Contains("'lr' is continuous", error.Reason);
    }
}
