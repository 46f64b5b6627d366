using Caviar.Pruning;

namespace Caviar.Tests.Pruning;

public class MedianStoppingOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new MedianStoppingOptions();
        Assert.Equal(5, options.StartupTrials);
        Assert.Equal(1, options.WarmupSteps);
        Assert.Equal(MedianComparison.BestSoFar, options.Compare);
    }
}
