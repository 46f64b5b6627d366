using Caviar.Validation;

namespace Caviar.Strategies.Nsga;

/// <summary>Settings of NSGA-II; every default is stated on its property.</summary>
public sealed record NsgaIIOptions
{
    /// <summary>
    /// Trials per generation (and survivors kept as parents). Default 12: at the 100–500 trials tuning runs afford,
    /// more generations of a small population find a better front than Optuna's 50 (chosen on bench/README.md's
    /// multi-objective problems, among 8–20).
    /// </summary>
    public int PopulationSize { get; init; } = 12;

    /// <summary>Chance that a child is a crossover of two parents rather than a copy of one. Default 0.9.</summary>
    public double CrossoverProbability { get; init; } = 0.9;

    /// <summary>Distribution index of simulated binary crossover: larger keeps children nearer their parents. Default 15.</summary>
    public double CrossoverEta { get; init; } = 15;

    /// <summary>Chance that each coordinate mutates; default null, meaning 1 / number of ranges.</summary>
    public double? MutationProbability { get; init; }

    /// <summary>
    /// Distribution index of polynomial mutation: larger makes smaller steps. Default 2 (the textbook 20 moved too
    /// little to leave poor regions within a few hundred trials on bench/README.md's problems).
    /// </summary>
    public double MutationEta { get; init; } = 2;

    public void Validate(string field = "nsga2")
    {
        if (PopulationSize < 2) throw new CaviarValidationException($"{field}.populationSize", "must be at least 2");
        if (CrossoverProbability is < 0 or > 1 || double.IsNaN(CrossoverProbability))
            throw new CaviarValidationException($"{field}.crossoverProbability", "must be between 0 and 1");
        if (MutationProbability is { } p && (p is < 0 or > 1 || double.IsNaN(p)))
            throw new CaviarValidationException($"{field}.mutationProbability", "must be between 0 and 1");
        if (!(CrossoverEta >= 0) || !(MutationEta >= 0))
            throw new CaviarValidationException($"{field}.eta", "distribution indices must be ≥ 0");
    }
}
