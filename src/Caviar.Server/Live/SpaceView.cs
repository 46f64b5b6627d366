using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Server.Live;

/// <summary>
/// The search space as the charts draw it: each parameter's kind, bounds, whether its scale is logarithmic and its
/// categories in the order given. Ranges come from the trials (the range each value was drawn from), in the order of
/// the tuning spec when there is one, else by name.
/// </summary>
internal static class SpaceView
{
    public sealed record Axis(string Name, string Kind, double? Min, double? Max, bool Log, IReadOnlyList<string>? Categories);

    public static IReadOnlyList<Axis> Of(IReadOnlyList<TrialRecord> trials, IReadOnlyList<ParameterRange>? declared)
    {
        var ranges = new Dictionary<string, ParameterRange>();
        foreach (var range in declared ?? []) ranges[range.Name] = range;
        foreach (var trial in trials)
            foreach (var (name, range) in trial.Distributions)
                ranges.TryAdd(name, range);
        var order = (declared ?? []).Select(r => r.Name).ToList();
        return ranges.Values
            .OrderBy(r => order.IndexOf(r.Name) is var i && i >= 0 ? i : int.MaxValue).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(ToAxis).ToList();
    }

    private static Axis ToAxis(ParameterRange range) => range switch
    {
        ContinuousRange c => new Axis(c.Name, "continuous", c.MinValue, c.MaxValue, c.EffectiveScaling == ScalingType.Logarithmic, null),
        IntegerRange i => new Axis(i.Name, "integer", i.MinValue, i.MaxValue, i.EffectiveScaling == ScalingType.Logarithmic, null),
        CategoricalRange k => new Axis(k.Name, "categorical", null, null, false, k.Values.Select(CategoricalRange.Text).ToList()),
        _ => new Axis(range.Name, "unknown", null, null, false, null),
    };
}
