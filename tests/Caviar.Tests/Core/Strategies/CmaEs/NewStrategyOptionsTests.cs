using Caviar.Strategies;
using Caviar.Strategies.CmaEs;
using Caviar.Strategies.Nsga;

namespace Caviar.Tests.Strategies;

/// <summary>The CMA-ES and NSGA-II options records' defaults are those their comments state.</summary>
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

    [Fact]
    public void NsgaII_defaults_are_as_documented()
    {
        var options = new NsgaIIOptions();
        Assert.Equal(12, options.PopulationSize);
        Assert.Equal(0.9, options.CrossoverProbability);
        Assert.Equal(15, options.CrossoverEta);
        Assert.Null(options.MutationProbability);
        Assert.Equal(2, options.MutationEta);
    }
}
