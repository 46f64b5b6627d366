using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Studies;

/// <summary>
/// For define-by-run studies: the ranges that every completed trial drew with the same definition.
/// Strategies can propose those jointly; anything else is proposed one range at a time.
/// </summary>
public static class KnownSpace
{
    public static SearchSpace FromHistory(IReadOnlyList<TrialRecord> history)
    {
        Dictionary<string, ParameterRange>? common = null;
        foreach (var trial in history)
        {
            if (trial.State != TrialState.Completed) continue;
            if (common is null)
            {
                common = new Dictionary<string, ParameterRange>(trial.Distributions);
                continue;
            }
            foreach (var name in common.Keys.ToArray())
                if (!trial.Distributions.TryGetValue(name, out var range) || !range.Equals(common[name]))
                    common.Remove(name);
        }
        return new SearchSpace(common is null ? [] : common.Values.OrderBy(r => r.Name, StringComparer.Ordinal));
    }
}
