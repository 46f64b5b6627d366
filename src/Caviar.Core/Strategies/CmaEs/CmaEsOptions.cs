namespace Caviar.Strategies.CmaEs;

/// <summary>Settings of the CMA-ES strategy; each default is stated on its property.</summary>
public sealed record CmaEsOptions
{
    /// <summary>
    /// Completed trials drawn by <see cref="Startup"/> before CMA-ES starts; the best of them (and of any warm-start
    /// trials) becomes the first mean. Default 0: the first mean is the centre of the space, as in Optuna.
    /// </summary>
    public int StartupTrials { get; init; }

    /// <summary>How start-up trials are drawn. Default Random.</summary>
    public StartupSampling Startup { get; init; } = StartupSampling.Random;

    /// <summary>
    /// First step size, in the unit cube of the scaled numeric ranges. Default 1/6 (a sixth of every range, as
    /// Optuna's sampler), so the first population covers the middle of the space.
    /// </summary>
    public double InitialSigma { get; init; } = 1.0 / 6;

    /// <summary>First population size λ. Default null: 4 + ⌊3 ln n⌋ for n numeric ranges (Hansen's default).</summary>
    public int? PopulationSize { get; init; }

    /// <summary>
    /// Restart with a population this many times larger, from a random mean, when a run has converged or stalled
    /// (IPOP-CMA-ES, Auger &amp; Hansen 2005). Default 2; 1 restarts with the same size; 0 never restarts.
    /// </summary>
    public int RestartPopulationFactor { get; init; } = 2;

    /// <summary>
    /// A run has converged when every coordinate's step (σ·√Cᵢᵢ and σ·|p_c,ᵢ|) is below this, in the unit cube.
    /// Default 1e-6: a millionth of a range, below any resolution a hyperparameter needs.
    /// </summary>
    public double TolX { get; init; } = 1e-6;

    /// <summary>
    /// A run is flat when the best values of its last 10 + ⌈30n/λ⌉ generations, and the values of the latest one,
    /// span less than this. Default 1e-12 (as the cmaes library Optuna uses).
    /// </summary>
    public double TolFun { get; init; } = 1e-12;

    /// <summary>
    /// Samples outside the unit cube are drawn again up to this many times, then clipped onto it. Default 100 (as the
    /// cmaes library).
    /// </summary>
    public int MaxResamples { get; init; } = 100;

    /// <summary>
    /// Proposes categorical ranges (and spaces with fewer than two numeric ranges, where CMA-ES does not apply).
    /// Default null: univariate TPE, which learns from the same trials.
    /// </summary>
    public ISearchStrategy? IndependentStrategy { get; init; }
}
