namespace Caviar.Jobs.Tuning;

/// <summary>
/// The spec's strategy names beyond the core's search strategies: "hyperband" searches with TPE and stops trials
/// with Hyperband.
/// </summary>
public static class StrategyNames
{
    /// <summary>Every strategy name a tuning spec takes: the core's search strategies, then Hyperband and PBT.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Caviar.Specs.StrategyFactory.Names, "Hyperband", "PBT"];

    public static bool IsHyperband(string? strategy) =>
        string.Equals(strategy, "hyperband", StringComparison.OrdinalIgnoreCase);

    /// <summary>The name of the search strategy (<see cref="Caviar.Specs.StrategyFactory"/>) behind a spec's strategy name.</summary>
    public static string? SearchStrategyOf(string? strategy) => IsHyperband(strategy) ? "tpe" : IsPbt(strategy) ? "random" : strategy;

    /// <summary>Population-based training: its population is drawn at random, then explored by <see cref="Caviar.Pbt.PbtRound"/>.</summary>
    public static bool IsPbt(string? strategy) => string.Equals(strategy, "pbt", StringComparison.OrdinalIgnoreCase);
}
