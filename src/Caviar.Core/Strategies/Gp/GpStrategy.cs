using Caviar.SearchSpaces;
using Caviar.Strategies.Gp;

namespace Caviar.Strategies;

/// <summary>
/// Bayesian optimisation with a Gaussian process (Matérn 5/2, length scales fitted per dimension) and expected
/// improvement. Works in the unit cube of the scaled ranges; a categorical coordinate is its choice's centre
/// (i + 0.5)/K. Random until <see cref="GpOptions.StartupTrials"/> trials completed.
/// </summary>
public sealed class GpStrategy(GpOptions? options = null) : UnitCubeStrategy
{
    private readonly GpOptions _options = options ?? new GpOptions();

    public override string Name => "gp";

    protected override double[] ProposePoint(StrategyContext context, IReadOnlyList<ParameterRange> ranges)
    {
        var choices = UnitCubeObservations.Choices(ranges);
        var observed = UnitCubeObservations.Collect(context, ranges);
        if (observed.Count < _options.StartupTrials) return StartupPoints.Draw(_options.Startup, context, ranges);

        observed = Subset(observed);
        var inputs = observed.Select(o => Encode(o.Coordinates, choices)).ToArray();
        var targets = ObjectiveWarpings.Apply(_options.Warping, observed.Select(o => o.Loss).ToArray());
        var model = _options.FitByGradient ? GpModelFit.FitByGradient(inputs, targets, _options.GradientIterations)
            : GpModelFit.Fit(inputs, targets, _options.FitSweeps);
        var incumbents = observed.Select((o, i) => (Input: inputs[i], Target: targets[i]))
            .OrderBy(o => o.Target).Take(5).Select(o => o.Input).ToList();
        var best = AcquisitionSearch.Maximise(model, targets.Min(), incumbents, choices, context.Random, _options);
        return Decode(best, choices);
    }

    /// <summary>At most MaxObservations points: the best quarter, then the most recent.</summary>
    private List<CubePoint> Subset(List<CubePoint> observed)
    {
        if (observed.Count <= _options.MaxObservations) return observed;
        int keepBest = _options.MaxObservations / 4;
        var best = observed.OrderBy(o => o.Loss).Take(keepBest).ToHashSet();
        var recent = observed.Where(o => !best.Contains(o)).OrderByDescending(o => o.Number)
            .Take(_options.MaxObservations - keepBest);
        return [.. best, .. recent];
    }

    private static double[] Encode(double[] point, int[] choices) =>
        point.Select((v, d) => choices[d] == 0 ? v : (v + 0.5) / choices[d]).ToArray();

    private static double[] Decode(double[] input, int[] choices) =>
        input.Select((v, d) => choices[d] == 0 ? Math.Clamp(v, 0, 1)
            : Math.Clamp(Math.Floor(v * choices[d]), 0, choices[d] - 1)).ToArray();
}
