using Caviar.Strategies;
using Caviar.Strategies.Gp;

namespace Caviar.Tests.Strategies;

public class GpOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new GpOptions();
        Assert.Equal(10, options.StartupTrials);
        Assert.Equal(200, options.MaxObservations);
        Assert.Equal(1000, options.RandomCandidates);
        Assert.Equal(250, options.LocalCandidates);
        Assert.Equal(3, options.FitSweeps);
        Assert.Equal(0.01, options.Exploration);
        Assert.Equal(ObjectiveWarping.UniformScores, options.Warping);
        Assert.Equal(StartupSampling.Random, options.Startup);
        Assert.False(options.FitByGradient);
        Assert.Equal(40, options.GradientIterations);
    }
}
