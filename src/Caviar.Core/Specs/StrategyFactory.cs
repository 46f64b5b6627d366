using Caviar.Strategies;
using Caviar.Validation;

namespace Caviar.Specs;

/// <summary>Turns a strategy name from a spec into a strategy.</summary>
public static class StrategyFactory
{
    public static IReadOnlyList<string> Names { get; } = ["Bayesian", "TPE", "GP", "Random", "Grid"];

    public static ISearchStrategy Create(string? name, string field = "strategy") =>
        (name ?? "").ToLowerInvariant() switch
        {
            "bayesian" or "tpe" => new TpeStrategy(),
            "gp" => new GpStrategy(),
            "random" => new RandomSearch(),
            "grid" => new GridSearch(),
            _ => throw new CaviarValidationException(field,
                $"unknown strategy '{name}'; use one of {string.Join(", ", Names)}"),
        };
}
