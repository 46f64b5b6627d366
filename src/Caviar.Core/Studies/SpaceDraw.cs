using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies;

namespace Caviar.Studies;

/// <summary>Draws values for the ranges of a declared space: jointly where the strategy can, one by one otherwise.</summary>
internal static class SpaceDraw
{
    public static IReadOnlyList<TrialParam> Draw(ISearchStrategy strategy, StrategyContext context, SearchSpace space,
        Func<ParameterRange, bool>? needed = null)
    {
        var wanted = space.Ranges.Where(r => needed?.Invoke(r) ?? true).ToList();
        if (wanted.Count == 0) return [];
        var joint = strategy.ProposeJoint(context, space);
        return wanted.Select(range => new TrialParam(range.Name,
            joint.TryGetValue(range.Name, out double value) ? value : strategy.ProposeOne(context, range), range)).ToList();
    }
}
