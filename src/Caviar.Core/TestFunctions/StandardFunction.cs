using System.Globalization;
using Caviar.SearchSpaces;

namespace Caviar.TestFunctions;

/// <summary>
/// A standard optimisation test function on its usual domain, with its known global minimum, so that
/// simple regret (best found − global minimum) can be measured.
/// </summary>
public sealed record StandardFunction(string Name, SearchSpace Space, double GlobalMinimum,
    Func<double[], double> Function)
{
    /// <summary>Evaluates at named parameter values (x1, x2, …).</summary>
    public double Evaluate(IReadOnlyDictionary<string, object> values) =>
        Function(Space.Ranges.Select(r => Convert.ToDouble(values[r.Name], CultureInfo.InvariantCulture)).ToArray());

    public static SearchSpace Box(int dimensions, double min, double max) =>
        new(Enumerable.Range(1, dimensions).Select(i => new ContinuousRange($"x{i}", min, max, ScalingType.Linear)));
}
