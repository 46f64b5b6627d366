using Caviar.Pbt;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// The "pbt" section of a tuning spec with strategy PBT (population-based training): a population of training jobs
/// trained in rounds of <see cref="PerturbationInterval"/> epochs; after each round the bottom quantile copies a top
/// member's checkpoint and explores its hyperparameters. Each member-round is a trial; the run has
/// <see cref="PopulationSize"/> × ⌈<see cref="MaxResource"/> / <see cref="PerturbationInterval"/>⌉ trials
/// (limits.maxTrials does not apply).
/// </summary>
public sealed record PbtSpec
{
    /// <summary>Members trained side by side, at least 2. Default 8.</summary>
    public int PopulationSize { get; init; } = 8;

    /// <summary>Epochs each member trains between two exploit/explore steps, at least 1. Default 2.</summary>
    public int PerturbationInterval { get; init; } = 2;

    /// <summary>Share of the population in the bottom (and top) quantile, in (0, 0.5]. Default 0.25.</summary>
    public double QuantileFraction { get; init; } = 0.25;

    /// <summary>Chance that an exploiting member draws a hyperparameter afresh instead of perturbing it, in [0, 1]. Default 0.25.</summary>
    public double ResampleProbability { get; init; } = 0.25;

    /// <summary>Factors a numeric hyperparameter is multiplied by when perturbed. Default [0.8, 1.2].</summary>
    public List<double> PerturbationFactors { get; init; } = [0.8, 1.2];

    /// <summary>Epochs each member trains in all (the last round stops there). Required.</summary>
    public long MaxResource { get; init; }

    /// <summary>
    /// The training job's hyperparameter that receives each round's epoch budget (the epochs to have trained by the end
    /// of the round); it must be neither a static hyperparameter nor a tuned range. Default "epochs".
    /// </summary>
    public string ResourceHyperParameter { get; init; } = "epochs";

    /// <summary>The core's options.</summary>
    public PbtOptions ToOptions() => new()
    {
        PopulationSize = PopulationSize, PerturbationInterval = PerturbationInterval, QuantileFraction = QuantileFraction,
        ResampleProbability = ResampleProbability, PerturbationFactors = PerturbationFactors?.ToArray()!,
    };
}
