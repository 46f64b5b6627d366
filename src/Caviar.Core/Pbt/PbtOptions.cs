using Caviar.Validation;

namespace Caviar.Pbt;

/// <summary>
/// Settings of population-based training (Jaderberg et al. 2017); each default is stated on its property and is Ray
/// Tune's <c>PopulationBasedTraining</c> default (the population size, which Ray leaves to <c>num_samples</c>, is the
/// issue's 8).
/// </summary>
public sealed record PbtOptions
{
    /// <summary>Members trained side by side. Default 8.</summary>
    public int PopulationSize { get; init; } = 8;

    /// <summary>Epochs (units of the resource) each member trains between two exploit/explore steps. Default 2.</summary>
    public int PerturbationInterval { get; init; } = 2;

    /// <summary>
    /// Share of the population in the bottom (and top) quantile: ⌈fraction·n⌉ members, at most n/2; each bottom member
    /// copies a top member. In (0, 0.5]. Default 0.25.
    /// </summary>
    public double QuantileFraction { get; init; } = 0.25;

    /// <summary>Chance that an exploiting member draws a hyperparameter afresh from its range instead of perturbing it. Default 0.25.</summary>
    public double ResampleProbability { get; init; } = 0.25;

    /// <summary>Factors a numeric hyperparameter is multiplied by when perturbed (one drawn at random). Default [0.8, 1.2].</summary>
    public IReadOnlyList<double> PerturbationFactors { get; init; } = [0.8, 1.2];

    /// <summary>Throws <see cref="CaviarValidationException"/> naming the first bad property.</summary>
    public void Validate()
    {
        if (PopulationSize < 2)
            throw new CaviarValidationException(nameof(PopulationSize), $"must be at least 2, not {PopulationSize}");
        if (PerturbationInterval < 1)
            throw new CaviarValidationException(nameof(PerturbationInterval), $"must be at least 1, not {PerturbationInterval}");
        if (!(QuantileFraction > 0 && QuantileFraction <= 0.5))
            throw new CaviarValidationException(nameof(QuantileFraction), $"must be in (0, 0.5], not {QuantileFraction}");
        if (!(ResampleProbability >= 0 && ResampleProbability <= 1))
            throw new CaviarValidationException(nameof(ResampleProbability), $"must be in [0, 1], not {ResampleProbability}");
        if (PerturbationFactors is null || PerturbationFactors.Count == 0)
            throw new CaviarValidationException(nameof(PerturbationFactors), "give at least one factor");
        for (int i = 0; i < PerturbationFactors.Count; i++)
            if (!(PerturbationFactors[i] > 0) || !double.IsFinite(PerturbationFactors[i]))
                throw new CaviarValidationException($"{nameof(PerturbationFactors)}[{i}]", $"must be a finite number above 0, not {PerturbationFactors[i]}");
    }

    /// <summary>How many members form the bottom (and the top) quantile of a population of <paramref name="members"/>.</summary>
    public int QuantileSize(int members) =>
        Math.Min((int)Math.Ceiling(members * QuantileFraction - 1e-9), members / 2);
}
