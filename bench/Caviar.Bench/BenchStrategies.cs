using Caviar.Specs;
using Caviar.Strategies;
using Caviar.Strategies.Gp;

namespace Caviar.Bench;

/// <summary>
/// Strategy names the benchmark accepts: every name of <see cref="StrategyFactory"/> (each with its defaults) and
/// variants of the GP strategy used to choose its defaults: gp-standardise (the model sees standardised losses) and
/// gp-ranks (normal scores of the ranks).
/// </summary>
public static class BenchStrategies
{
    public static ISearchStrategy Create(string name) => name switch
    {
        "gp-standardise" => new GpStrategy(new GpOptions { Warping = ObjectiveWarping.Standardise }),
        "gp-ranks" => new GpStrategy(new GpOptions { Warping = ObjectiveWarping.NormalScores }),
        _ => StrategyFactory.Create(name),
    };
}
