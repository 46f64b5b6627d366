using Caviar.Strategies;
using Caviar.Strategies.CmaEs;

namespace Caviar.Tests.Strategies;

/// <summary>The CMA-ES options record's defaults are those its comments state (NSGA-II's: <c>NsgaIIOptionsTests</c>).</summary>
public class NewStrategyOptionsTests
{
    [Fact]
    public void CmaEs_defaults_are_as_documented()
    {
        var options = new CmaEsOptions();
        Assert.Equal(0, options.StartupTrials);
        Assert.Equal(StartupSampling.Random, options.Startup);
        Assert.Equal(1.0 / 6, options.InitialSigma);
        Assert.Null(options.PopulationSize);
        Assert.Equal(2, options.RestartPopulationFactor);
        Assert.Equal(1e-6, options.TolX);
        Assert.Equal(1e-12, options.TolFun);
        Assert.Equal(100, options.MaxResamples);
        Assert.Null(options.IndependentStrategy);
    }
}
