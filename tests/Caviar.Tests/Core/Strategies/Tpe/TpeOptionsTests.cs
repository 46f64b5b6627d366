using Caviar.Strategies;
using Caviar.Strategies.Tpe;

namespace Caviar.Tests.Strategies;

public class TpeOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new TpeOptions();
        Assert.Equal(10, options.StartupTrials);
        Assert.Equal(StartupSampling.Random, options.Startup);
        Assert.Equal(24, options.Candidates);
        Assert.True(options.Multivariate);
        Assert.Equal(0.1, options.GoodFraction);
        Assert.Equal(25, options.MaxGoodTrials);
        Assert.Equal(1.0, options.PriorWeight);
        Assert.Equal(0.05, options.BandwidthFactor);
        Assert.Equal(0.1, options.MultiObjectiveBandwidthFactor);
        Assert.Equal(0.15, options.MultiObjectiveGoodFraction);
        Assert.Equal(0.005, options.MinBandwidth);
        Assert.Equal(0.2, options.CategoricalSmoothing);
        Assert.Equal(25, options.FullWeightRecentTrials);
    }
}
