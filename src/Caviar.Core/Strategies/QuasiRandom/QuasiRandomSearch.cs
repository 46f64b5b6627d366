using Caviar.SearchSpaces;
using Caviar.Strategies.QuasiRandom;

namespace Caviar.Strategies;

/// <summary>
/// Quasi-random search: trial n takes point n of a scrambled Sobol sequence (<see cref="SobolSequence"/>) over the
/// scaled ranges, so the trials cover the space more evenly than independent draws (every 2^m consecutive trials from
/// trial 0 put one value in each of 2^m equal slices of every range). Needs no history.
/// </summary>
public sealed class QuasiRandomSearch : ISearchStrategy
{
    public string Name => "quasirandom";

    public bool UsesHistory => false;

    public IReadOnlyDictionary<string, double> ProposeJoint(StrategyContext context, SearchSpace space)
    {
        var point = QuasiRandomPoints.For(context, space.Ranges);
        return space.Ranges.Select((range, d) => (range, d))
            .ToDictionary(x => x.range.Name, x => UnitCubeObservations.ToInternal(x.range, point[x.d]));
    }

    public double ProposeOne(StrategyContext context, ParameterRange range) =>
        UnitCubeObservations.ToInternal(range, QuasiRandomPoints.For(context, [range])[0]);
}
