using Caviar.SearchSpaces;
using Caviar.Strategies.CmaEs;
using Caviar.Strategies.Tpe;

namespace Caviar.Strategies;

/// <summary>
/// CMA-ES (covariance matrix adaptation evolution strategy) over the numeric ranges, in the unit cube of their
/// scaled values (integer ranges are rounded on the way out), with IPOP restarts. Categorical ranges, and spaces with
/// fewer than two numeric ranges, go to an independent strategy (<see cref="CmaEsOptions.IndependentStrategy"/>), as
/// Optuna's <c>CmaEsSampler</c> does. The state is rebuilt from the study's completed trials on every ask
/// (<see cref="CmaEsReplay"/>), so proposals depend only on the seed, the trial number and the history: trials asked
/// before others are told (parallel trials, workers) each draw their own point from the current generation's
/// distribution, and warm-start trials pick the first mean.
/// </summary>
public sealed class CmaEsStrategy(CmaEsOptions? options = null) : ISearchStrategy
{
    private readonly CmaEsOptions _options = Check(options ?? new CmaEsOptions());
    private readonly ISearchStrategy _independent = options?.IndependentStrategy ??
        new TpeStrategy(new TpeOptions { Multivariate = false });

    public string Name => "cmaes";

    public CmaEsOptions Options => _options;

    public IReadOnlyDictionary<string, double> ProposeJoint(StrategyContext context, SearchSpace space)
    {
        var numeric = space.Ranges.Where(r => r is not CategoricalRange).ToList();
        if (numeric.Count < 2) return new Dictionary<string, double>();
        var observed = UnitCubeObservations.Collect(context, numeric);
        double[] point = observed.Count(o => o.Number >= 0) < _options.StartupTrials
            ? StartupPoints.Draw(_options.Startup, context, numeric)
            : CmaEsReplay.Run(observed, numeric.Count, _options, context.StudySeed).State.Sample(context.Random, _options.MaxResamples);
        return numeric.Select((range, d) => (range, d)).ToDictionary(x => x.range.Name, x => x.range.FromUnit(point[x.d]));
    }

    public double ProposeOne(StrategyContext context, ParameterRange range) => _independent.ProposeOne(context, range);

    private static CmaEsOptions Check(CmaEsOptions options)
    {
        if (options.StartupTrials < 0) throw new ArgumentOutOfRangeException(nameof(options), "StartupTrials must be 0 or more");
        if (!(options.InitialSigma > 0)) throw new ArgumentOutOfRangeException(nameof(options), "InitialSigma must be positive");
        if (options.PopulationSize is < 2) throw new ArgumentOutOfRangeException(nameof(options), "PopulationSize must be 2 or more");
        if (options.RestartPopulationFactor < 0) throw new ArgumentOutOfRangeException(nameof(options), "RestartPopulationFactor must be 0 or more");
        return options;
    }
}
