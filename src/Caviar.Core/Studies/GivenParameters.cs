using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Validation;

namespace Caviar.Studies;

/// <summary>
/// Parameters a user gives by hand (<c>Study.Add</c>, <see cref="Study.Enqueue"/>): user-facing values (numbers,
/// booleans, a categorical's value) turned into a space's internal values, each refused naming <c>parameters.NAME</c>.
/// </summary>
public static class GivenParameters
{
    /// <summary>
    /// The internal values of <paramref name="parameters"/> in the order of <paramref name="space"/>'s ranges; every name
    /// must be a range of the space, and with <paramref name="requireAll"/> every range needs a value.
    /// </summary>
    public static IReadOnlyList<TrialParam> ToInternal(SearchSpace space, IReadOnlyDictionary<string, object> parameters,
        bool requireAll, string field = "parameters")
    {
        foreach (var name in parameters.Keys)
            if (space.Ranges.All(r => r.Name != name))
                throw new CaviarValidationException($"{field}.{name}", "is not a range of the search space");
        var values = new List<TrialParam>();
        foreach (var range in space.Ranges)
        {
            if (!parameters.TryGetValue(range.Name, out var given))
            {
                if (requireAll)
                    throw new CaviarValidationException($"{field}.{range.Name}", "missing: every range of the search space needs a value");
                continue;
            }
            try
            {
                values.Add(new TrialParam(range.Name, range.ToInternal(given), range));
            }
            catch (CaviarValidationException refused)
            {
                throw new CaviarValidationException($"{field}.{range.Name}", refused.Reason);
            }
            catch (Exception error) when (error is FormatException or InvalidCastException or OverflowException)
            {
                throw new CaviarValidationException($"{field}.{range.Name}", $"'{given}' is not a value of this range");
            }
        }
        return values;
    }
}
