namespace Caviar.Jobs.Tuning;

/// <summary>The spec's strategy names beyond the samplers: Hyperband samples with TPE and stops with Hyperband.</summary>
public static class StrategyNames
{
    public static bool IsHyperband(string? strategy) =>
        string.Equals(strategy, "hyperband", StringComparison.OrdinalIgnoreCase);

    /// <summary>The sampler behind a strategy name.</summary>
    public static string? SamplerOf(string? strategy) => IsHyperband(strategy) ? "tpe" : strategy;
}
