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

    /// <summary>How generation 0 is drawn: uniformly at random, or the study's scrambled Sobol points. Default Random.</summary>
    public StartupSampling Startup { get; init; } = StartupSampling.Random;

    /// <summary>
    /// Generations proposed by multi-objective TPE (<see cref="TpeStrategy"/>) before NSGA-II takes over from their
    /// survivors: a model-based start, for the first generations, where an evolutionary search is still close to random.
    /// Default 0 here (NSGA-II throughout, what naming NSGA2 gives); the default strategy for several objectives is
    /// <see cref="SeveralObjectivesDefault"/>, with 5.
    /// </summary>
    public int ModelBasedGenerations { get; init; }

    /// <summary>
    /// With three or more objectives, every generation is multi-objective TPE's, proposing one parameter at a time
    /// (univariate, as Optuna's <c>TPESampler</c>), instead of NSGA-II taking over after <see cref="ModelBasedGenerations"/>.
    /// NSGA-II's crowding distance spreads a front of two objectives but not the surface of three or more (the reason
    /// NSGA-III replaced it with reference directions, Deb and Jain 2014), and per-parameter densities recombine the
    /// good trials' coordinates over that surface where joint kernels stay near the few good trials. Default false here
    /// (NSGA-II as configured whatever the objectives, what naming NSGA2 gives); true in <see cref="SeveralObjectivesDefault"/>.
    /// Measured on DTLZ2 in bench/README.md ("many objectives"); studies of two objectives are unchanged.
    /// </summary>
    public bool ModelBasedForManyObjectives { get; init; }

    /// <summary>
    /// The settings of the default strategy for several objectives (the library's, and a spec's Bayesian): the defaults
    /// above with <see cref="ModelBasedGenerations"/> 5, so with population 12 TPE proposes trials 0–59 and NSGA-II the
    /// rest — a hybrid. Measured in bench/README.md ("NSGA-II's model-based start"): ahead of plain NSGA-II at 100 and
    /// 200 trials on the benchmark's five problems and on two held out (ZDT4, ZDT6). With three or more objectives
    /// it is multi-objective TPE throughout (<see cref="ModelBasedForManyObjectives"/>).
    /// </summary>
    public static NsgaIIOptions SeveralObjectivesDefault { get; } = new() { ModelBasedGenerations = 5, ModelBasedForManyObjectives = true };

    public void Validate(string field = "nsga2")
    {
        if (ModelBasedGenerations < 0) throw new CaviarValidationException($"{field}.modelBasedGenerations", "must be ≥ 0");
        if (PopulationSize < 2) throw new CaviarValidationException($"{field}.populationSize", "must be at least 2");
        if (CrossoverProbability is < 0 or > 1 || double.IsNaN(CrossoverProbability))
            throw new CaviarValidationException($"{field}.crossoverProbability", "must be between 0 and 1");
        if (MutationProbability is { } p && (p is < 0 or > 1 || double.IsNaN(p)))
            throw new CaviarValidationException($"{field}.mutationProbability", "must be between 0 and 1");
        if (!(CrossoverEta >= 0) || !(MutationEta >= 0))
            throw new CaviarValidationException($"{field}.eta", "distribution indices must be ≥ 0");
    }
}
