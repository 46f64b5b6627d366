using Caviar.SearchSpaces;

namespace Caviar.Strategies;

/// <summary>
/// A model-based strategy that proposes points of the unit cube of some ranges (categorical coordinates hold the
/// choice index); this base turns such points into internal values, jointly or for one range.
/// </summary>
public abstract class UnitCubeStrategy : ISearchStrategy
{
    public abstract string Name { get; }

    public virtual bool SupportsMultipleObjectives => false;

    public IReadOnlyDictionary<string, double> ProposeJoint(StrategyContext context, SearchSpace space)
    {
        if (!ProposesJointly) return new Dictionary<string, double>();
        var point = ProposePoint(context, space.Ranges);
        return space.Ranges.Select((range, d) => (range, d))
            .ToDictionary(x => x.range.Name, x => UnitCubeObservations.ToInternal(x.range, point[x.d]));
    }

    public double ProposeOne(StrategyContext context, ParameterRange range) =>
        UnitCubeObservations.ToInternal(range, ProposePoint(context, [range])[0]);

    /// <summary>Whether known ranges are modelled together; otherwise each is proposed on its own.</summary>
    protected virtual bool ProposesJointly => true;

    /// <summary>A point of the unit cube of <paramref name="ranges"/>.</summary>
    protected abstract double[] ProposePoint(StrategyContext context, IReadOnlyList<ParameterRange> ranges);
}
