using Caviar.SearchSpaces;

namespace Caviar.Pbt;

/// <summary>
/// The explore step of population-based training, as Ray Tune's <c>PopulationBasedTraining</c> does it: each
/// hyperparameter is drawn afresh from its range with <see cref="PbtOptions.ResampleProbability"/>, else perturbed.
/// A numeric value is multiplied by one of <see cref="PbtOptions.PerturbationFactors"/> (so a logarithmic range moves by
/// the same ratio anywhere); a reverse-logarithmic one (values near 1) has its distance to 1 multiplied instead; a value
/// of 0, which no factor moves, is drawn afresh. The result is clamped to the range, integers rounded and steps kept. A
/// categorical value moves to a neighbouring choice (index ± 1, clamped).
/// </summary>
public static class PbtExplore
{
    /// <summary>The explored copy of <paramref name="values"/> (internal values by range name) in <paramref name="space"/>.</summary>
    public static IReadOnlyDictionary<string, double> Explore(SearchSpace space, IReadOnlyDictionary<string, double> values,
        PbtOptions options, Random random)
    {
        var explored = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var range in space.Ranges)
        {
            bool resample = random.NextDouble() < options.ResampleProbability;
            explored[range.Name] = !values.TryGetValue(range.Name, out double value) || resample
                ? range.FromUnit(random.NextDouble())
                : Perturb(range, value, options, random);
        }
        return explored;
    }

    /// <summary>One value perturbed within its range (see the type's summary).</summary>
    public static double Perturb(ParameterRange range, double value, PbtOptions options, Random random)
    {
        if (range is CategoricalRange categorical)
        {
            int shift = random.Next(2) == 0 ? -1 : 1;
            return Math.Clamp(value + shift, 0, categorical.Values.Count - 1);
        }
        double factor = options.PerturbationFactors[random.Next(options.PerturbationFactors.Count)];
        return range switch
        {
            ContinuousRange { EffectiveScaling: ScalingType.ReverseLogarithmic } c =>
                Fit(c, 1 - (1 - value) * factor),
            ContinuousRange c => value == 0 ? c.FromUnit(random.NextDouble()) : Fit(c, value * factor),
            IntegerRange i => value == 0 ? i.FromUnit(random.NextDouble()) : Fit(i, value * factor),
            _ => range.FromUnit(range.ToUnit(value)),
        };
    }

    private static double Fit(ContinuousRange range, double value)
    {
        double clamped = Math.Clamp(value, range.MinValue, range.MaxValue);
        return range.Step is null ? clamped : range.FromUnit(range.ToUnit(clamped));
    }

    private static double Fit(IntegerRange range, double value)
    {
        double rounded = Math.Clamp(Math.Round(value), range.MinValue, range.MaxValue);
        // A stepped range keeps to its grid (its unit mapping snaps to the nearest step).
        return range.Contains(rounded) ? rounded : range.FromUnit(range.ToUnit(rounded));
    }
}
