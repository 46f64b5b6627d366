using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Plots;

/// <summary>
/// One parameter as a chart axis: its values (log10 of them for a log range), its categories in the order given (at
/// 0, 1, 2, …), and real tick labels. Ranges come from the trials, in the order the parameters first appear.
/// </summary>
public sealed class ParameterAxis
{
    private ParameterAxis(ParameterRange range) => Range = range;

    /// <summary>The parameter's range, as the trials recorded it.</summary>
    public ParameterRange Range { get; }

    /// <summary>The parameter's name.</summary>
    public string Name => Range.Name;

    /// <summary>Whether the range is logarithmic: positions are then log10 of the values.</summary>
    public bool IsLog => Range is ContinuousRange { EffectiveScaling: ScalingType.Logarithmic } or IntegerRange { EffectiveScaling: ScalingType.Logarithmic };
    /// <summary>A categorical range's choices as text, in the order given (positions 0, 1, 2, …); null for numbers.</summary>
    public IReadOnlyList<string>? Categories => (Range as CategoricalRange)?.Values.Select(CategoricalRange.Text).ToList();

    /// <summary>One axis per parameter of <paramref name="trials"/>, in the order the parameters first appear.</summary>
    public static IReadOnlyList<ParameterAxis> Of(IEnumerable<TrialRecord> trials)
    {
        var ranges = new Dictionary<string, ParameterRange>();
        foreach (var trial in trials)
            foreach (var (name, range) in trial.Distributions) ranges.TryAdd(name, range);
        return ranges.Values.Select(r => new ParameterAxis(r)).ToList();
    }

    /// <summary>Where the trial's value lies on this axis, or null when it has none.</summary>
    public double? Position(TrialRecord trial)
    {
        if (!trial.Params.TryGetValue(Name, out double internalValue)) return null;
        if (Categories is not null) return internalValue;   // the category's index
        double value = Convert.ToDouble(Range.ToExternal(internalValue), System.Globalization.CultureInfo.InvariantCulture);
        return IsLog ? Math.Log10(value) : value;
    }

    /// <summary>The axis's span in positions.</summary>
    public (double Min, double Max) Span => Range switch
    {
        CategoricalRange c => (0, Math.Max(c.Values.Count - 1, 0)),
        ContinuousRange c => IsLog ? (Math.Log10(c.MinValue), Math.Log10(c.MaxValue)) : (c.MinValue, c.MaxValue),
        IntegerRange i => IsLog ? (Math.Log10(i.MinValue), Math.Log10(i.MaxValue)) : (i.MinValue, i.MaxValue),
        _ => (0, 1),
    };

    /// <summary>About <paramref name="count"/> ticks: the categories, powers of ten on a log axis, else round steps.</summary>
    public (double[] Positions, string[] Labels) Ticks(int count = 6)
    {
        if (Categories is { } categories) return (categories.Select((_, i) => (double)i).ToArray(), categories.ToArray());
        var (min, max) = Span;
        return IsLog ? PlotTicks.Log(Math.Pow(10, min), Math.Pow(10, max)) : PlotTicks.Linear(min, max, count, Range is IntegerRange);
    }

    /// <summary>The axis title: the name, with "(log scale)" on a log axis.</summary>
    public string Title => IsLog ? $"{Name} (log scale)" : Name;
}
