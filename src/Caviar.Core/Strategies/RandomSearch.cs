using Caviar.SearchSpaces;

namespace Caviar.Strategies;

/// <summary>Independent uniform draws in each range's scaled unit interval.</summary>
public sealed class RandomSearch : ISearchStrategy
{
    public string Name => "random";

    public bool UsesHistory => false;

    public bool SupportsMultipleObjectives => true;

    public IReadOnlyDictionary<string, double> ProposeJoint(StrategyContext context, SearchSpace space) =>
        space.Ranges.ToDictionary(r => r.Name, r => ProposeOne(context, r));

    public double ProposeOne(StrategyContext context, ParameterRange range) =>
        range.FromUnit(context.Random.NextDouble());
}
