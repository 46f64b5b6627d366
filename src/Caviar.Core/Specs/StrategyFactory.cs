using Caviar.Strategies;
using Caviar.Validation;

namespace Caviar.Specs;

/// <summary>Turns a strategy name from a spec into a strategy.</summary>
public static class StrategyFactory
{
    public static IReadOnlyList<string> Names { get; } = ["Bayesian", "TPE", "GP", "CmaEs", "QuasiRandom", "Auto", "Random", "Grid", "NSGA2"];

    /// <summary>The strategy named <paramref name="name"/>; <paramref name="budget"/> (the run's maxTrials, if known) guides Auto.</summary>
    public static ISearchStrategy Create(string? name, string field = "strategy", int? budget = null) =>
        (name ?? "").ToLowerInvariant() switch
        {
            "bayesian" or "tpe" => new TpeStrategy(),
            "gp" => new GpStrategy(),
            "cmaes" => new CmaEsStrategy(),
            "quasirandom" => new QuasiRandomSearch(),
            "auto" => new AutoStrategy(budget),
            "random" => new RandomSearch(),
            "grid" => new GridSearch(),
            "nsga2" or "nsgaii" or "nsga-ii" => new NsgaIIStrategy(),
            _ => throw new CaviarValidationException(field,
                $"unknown strategy '{name}'; use one of {string.Join(", ", Names)}"),
        };
}
