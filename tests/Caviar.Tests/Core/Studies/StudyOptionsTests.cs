using Caviar.Pruning;
using Caviar.Strategies;
using Caviar.Studies;

namespace Caviar.Tests.Studies;

public class StudyOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new StudyOptions();
        Assert.IsType<TpeStrategy>(options.Strategy);
        Assert.Equal(0, options.Seed);
        Assert.IsType<NoPruning>(options.Pruner);
        Assert.Empty(options.PriorTrials);
        Assert.Same(TimeProvider.System, options.Clock);
    }
}
