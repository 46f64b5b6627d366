using Caviar.Specs;
using Caviar.Strategies;
using Caviar.Strategies.Gp;

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
        _ => StrategyFactory.Create(name),
    };
}
