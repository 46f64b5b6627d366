namespace Caviar.Strategies.Tpe;

/// <summary>Settings of the TPE strategy; each default is stated on its property.</summary>
public sealed record TpeOptions
{
    /// <summary>Trials drawn at random before the model is used. Default 10.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>How start-up trials are drawn (uniformly at random, or scrambled Sobol points). Default Random.</summary>
    public StartupSampling Startup { get; init; } = StartupSampling.Random;

    /// <summary>Candidates drawn from the good-trial density; the one with the best density ratio wins. Default 24.</summary>
    public int Candidates { get; init; } = 24;

    /// <summary>Model the known ranges jointly (captures interactions) rather than one by one. Default true.</summary>
    public bool Multivariate { get; init; } = true;

    /// <summary>Share of completed trials counted as good: ⌈fraction·n⌉, at most <see cref="MaxGoodTrials"/>. Default 0.1.</summary>
    public double GoodFraction { get; init; } = 0.1;

    /// <summary>Upper bound on the number of good trials. Default 25.</summary>
    public int MaxGoodTrials { get; init; } = 25;

    /// <summary>Weight of the flat prior component in each density, against 1 for a trial. Default 1.</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>
    /// Kernel width in the unit cube is factor·n^(-1/(d+4)) (Scott's rule). Default 0.05: narrower than the
    /// textbook 0.2, chosen on the bench/ functions where it refines good regions far faster.
    /// </summary>
    public double BandwidthFactor { get; init; } = 0.05;

    /// <summary>
    /// <see cref="BandwidthFactor"/> with several objectives. Default 0.1: the good trials of several objectives are
    /// spread along a front, and kernels as narrow as one objective's collapse onto a few of its points (on ZDT1–3,
    /// DTLZ2 and Binh–Korn at 100 trials, 0.1 gave more hypervolume than 0.05 on every problem; bench/README.md).
    /// </summary>
    public double MultiObjectiveBandwidthFactor { get; init; } = 0.1;

    /// <summary>
    /// <see cref="GoodFraction"/> with several objectives (still at most <see cref="MaxGoodTrials"/>). Default 0.15:
    /// a front needs more good trials than one best value to be outlined (chosen on the same problems).
    /// </summary>
    public double MultiObjectiveGoodFraction { get; init; } = 0.15;

    /// <summary>Smallest kernel width in the unit cube. Default 0.005.</summary>
    public double MinBandwidth { get; init; } = 0.005;

    /// <summary>Chance that a categorical kernel puts its mass on any choice rather than the observed one. Default 0.2.</summary>
    public double CategoricalSmoothing { get; init; } = 0.2;

    /// <summary>Newest trials that keep full weight in the poor-trial density; older ones fade linearly. Default 25.</summary>
    public int FullWeightRecentTrials { get; init; } = 25;
}
