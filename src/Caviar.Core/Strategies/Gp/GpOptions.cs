namespace Caviar.Strategies.Gp;

/// <summary>Settings of the Gaussian-process strategy; each default is stated on its property.</summary>
public sealed record GpOptions
{
    /// <summary>Trials drawn at random before the model is used. Default 10.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>How start-up trials are drawn (uniformly at random, or scrambled Sobol points). Default Random.</summary>
    public StartupSampling Startup { get; init; } = StartupSampling.Random;

    /// <summary>
    /// Most completed trials the model is fitted to (cost grows with the cube of this): the best quarter and the
    /// most recent rest. Default 200.
    /// </summary>
    public int MaxObservations { get; init; } = 200;

    /// <summary>Random points scored by expected improvement before local refinement. Default 1000.</summary>
    public int RandomCandidates { get; init; } = 1000;

    /// <summary>Points drawn around the best trials so far and scored too. Default 250.</summary>
    public int LocalCandidates { get; init; } = 250;

    /// <summary>Sweeps of the coordinate search that fits length scales and noise to the data. Default 3.</summary>
    public int FitSweeps { get; init; } = 3;

    /// <summary>Expected improvement's exploration margin, in standard deviations of the losses. Default 0.01.</summary>
    public double Exploration { get; init; } = 0.01;

    /// <summary>
    /// How losses become the model's targets (see <see cref="ObjectiveWarping"/>). Default UniformScores (evenly
    /// spread ranks): chosen on the bench/ regret table (bench/README.md, issue 14.3), where it kept the GP within
    /// 0.75× Optuna TPE's regret on every row, while standardised losses fell 1.7–4.8× behind on Rosenbrock-4.
    /// </summary>
    public ObjectiveWarping Warping { get; init; } = ObjectiveWarping.UniformScores;

    /// <summary>
    /// How kernel hyperparameters are fitted: false, a coordinate search of <see cref="FitSweeps"/> sweeps; true,
    /// gradient ascent on the marginal likelihood from three starts. Default false.
    /// </summary>
    public bool FitByGradient { get; init; }

    /// <summary>Most likelihood evaluations per start when <see cref="FitByGradient"/>. Default 40.</summary>
    public int GradientIterations { get; init; } = 40;
}
