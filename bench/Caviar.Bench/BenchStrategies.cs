using Caviar.Specs;
using Caviar.Strategies;
using Caviar.Strategies.CmaEs;
using Caviar.Strategies.Gp;
using Caviar.Strategies.Tpe;

namespace Caviar.Bench;

/// <summary>
/// Strategy names the benchmark accepts: every name of <see cref="StrategyFactory"/> (each with its defaults) and
/// variants of the GP strategy used to choose its defaults: gp-standardise (the model sees standardised losses) and
/// gp-ranks (normal scores of the ranks), gp-uniform (evenly spread ranks), and either with -gradient (hyperparameters by gradient ascent with restarts).
/// </summary>
public static class BenchStrategies
{
    public static ISearchStrategy Create(string name) => name switch
    {
        "gp-standardise" => new GpStrategy(new GpOptions { Warping = ObjectiveWarping.Standardise }),
        "gp-ranks" => new GpStrategy(new GpOptions { Warping = ObjectiveWarping.NormalScores }),
        "gp-uniform" => new GpStrategy(new GpOptions { Warping = ObjectiveWarping.UniformScores }),
        "gp-uniform-gradient" => new GpStrategy(new GpOptions { Warping = ObjectiveWarping.UniformScores, FitByGradient = true }),
        "gp-ranks-gradient" => new GpStrategy(new GpOptions { Warping = ObjectiveWarping.NormalScores, FitByGradient = true }),
        "gp-standardise-gradient" => new GpStrategy(new GpOptions { Warping = ObjectiveWarping.Standardise, FitByGradient = true }),
        "cmaes-quasi" => new CmaEsStrategy(new CmaEsOptions { StartupTrials = 10, Startup = StartupSampling.QuasiRandom }),
        "cmaes-random10" => new CmaEsStrategy(new CmaEsOptions { StartupTrials = 10 }),
        "cmaes-norestart" => new CmaEsStrategy(new CmaEsOptions { RestartPopulationFactor = 0 }),
        "tpe-quasi" => new TpeStrategy(new TpeOptions { Startup = StartupSampling.QuasiRandom }),
        "gp-quasi" => new GpStrategy(new GpOptions { Startup = StartupSampling.QuasiRandom }),
        _ => StrategyFactory.Create(name),
    };
}
