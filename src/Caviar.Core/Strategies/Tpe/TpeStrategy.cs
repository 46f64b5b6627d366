using System.Runtime.InteropServices;
using Caviar.SearchSpaces;
using Caviar.Strategies.Tpe;

namespace Caviar.Strategies;

/// <summary>
/// Bayesian optimisation with tree-structured Parzen estimators: completed trials are split into good and
/// poor by loss, a kernel density is fitted to each, and of the candidates drawn from the good density the
/// one maximising good(x)/poor(x) is proposed. Random until <see cref="TpeOptions.StartupTrials"/> completed.
/// With several objectives, or with constraints, it is multi-objective TPE: the split is by non-domination rank and
/// hypervolume contribution, feasible trials first (<see cref="MultiObjectiveSplit"/>), with wider kernels and more
/// good trials (<see cref="TpeOptions.MultiObjectiveBandwidthFactor"/>, <see cref="TpeOptions.MultiObjectiveGoodFraction"/>).
/// </summary>
public sealed class TpeStrategy : UnitCubeStrategy
{
    private readonly TpeOptions _options;
    private readonly ScoredPointCache _points = new();
    private readonly MultiObjectiveSplitCache _multiObjectiveSplit = new();
    private readonly bool _keepsOrder;

    /// <summary>TPE with <paramref name="options"/> (defaults: <see cref="TpeOptions"/>).</summary>
    public TpeStrategy(TpeOptions? options = null) : this(options, keepsOrder: true)
    {
    }

    /// <summary>
    /// With <paramref name="keepsOrder"/> false, the poor density's kernels near a candidate are found by a pass over
    /// every trial instead of through the trials' order kept between asks: the same suggestions, slower (tests compare the two).
    /// </summary>
    internal TpeStrategy(TpeOptions? options, bool keepsOrder)
    {
        _options = options ?? new TpeOptions();
        _keepsOrder = keepsOrder;
    }

    public override string Name => "tpe";

    public TpeOptions Options => _options;

    protected override bool ProposesJointly => _options.Multivariate;

    public override bool SupportsMultipleObjectives => true;

    /// <summary>The options in force: with several objectives, their own bandwidth factor and good fraction.</summary>
    private TpeOptions OptionsFor(StrategyContext context) => context.IsMultiObjective
        ? _options with { BandwidthFactor = _options.MultiObjectiveBandwidthFactor, GoodFraction = _options.MultiObjectiveGoodFraction }
        : _options;

    private TpeObservations Observe(StrategyContext context, IReadOnlyList<ParameterRange> ranges, TpeOptions options)
    {
        var choices = UnitCubeObservations.Choices(ranges);
        if (!context.IsMultiObjective)
        {
            if (!_keepsOrder)
            {
                bool constrained = false;
                foreach (var trial in context.History)
                    if (trial.Constraints.Count > 0) { constrained = true; break; }
                if (!constrained) return TpeObservations.Split(CollectionsMarshal.AsSpan(_points.Collect(context, ranges)), choices, options);
            }
            else
            {
                // The cache counts the history's trials with constraint values as it takes in changed records: no pass here.
                var collected = _points.CollectOrdered(context, ranges);
                try
                {
                    if (!collected.AnyConstrained)
                        return TpeObservations.Split(collected.Span, choices, options,
                            collected.ByFirstNumeric.AsSpan(0, collected.ByFirstNumeric is null ? 0 : collected.Count),
                            ordered: collected.ByFirstNumeric is not null);
                }
                finally
                {
                    collected.Return();
                }
            }
        }
        return _multiObjectiveSplit.Observe(context, ranges, choices, options);
    }

    protected override double[] ProposePoint(StrategyContext context, IReadOnlyList<ParameterRange> ranges)
    {
        var options = OptionsFor(context);
        // One numeric range (the common hot path): straight from the trials kept between asks, nothing copied.
        if (_keepsOrder && !context.IsMultiObjective &&
            _points.TryUseKept(context, ranges, kept => ProposeFromKept(kept, context, ranges, options), out var proposed) &&
            proposed is not null)
            return proposed;

        // The observations and the poor estimator hold arrays the size of the study, rented: given back when the ask ends.
        using var observations = Observe(context, ranges, options);
        if (observations.Count < options.StartupTrials)
            return StartupPoints.Draw(options.Startup, context, ranges);

        using var good = new ParzenEstimator(observations.Choices, observations.Good, observations.GoodWeights, options);
        using var poor = new ParzenEstimator(observations.Choices, observations.Poor, observations.PoorWeights, options,
            observations.PoorOrder);

        // All candidates are drawn first (scoring draws nothing), then scored together in one pass over the trials.
        var candidates = new double[options.Candidates][];
        for (int i = 0; i < candidates.Length; i++) candidates[i] = good.Sample(context.Random);
        var goodDensities = good.LogDensities(candidates);
        if (!_keepsOrder)
        {
            var poorDensities = poor.LogDensities(candidates);
            double[]? best = null;
            double bestScore = double.NegativeInfinity;
            for (int i = 0; i < candidates.Length; i++)
            {
                double score = goodDensities[i] - poorDensities[i];
                if (score > bestScore) (best, bestScore) = (candidates[i], score);
            }
            return best!;
        }
        return candidates[CandidateChoice.Best(candidates, goodDensities, poor)];
    }

    /// <summary>
    /// <see cref="ProposePoint"/> over the kept trials of a one-numeric-range space: the same split (the good trials
    /// best first, the others poor in history order), estimators and candidates, so the same point. Null when the kept
    /// order cannot serve (a coordinate outside the cube, no poor trial): then the general path runs.
    /// </summary>
    private static double[]? ProposeFromKept(KeptPoints kept, StrategyContext context, IReadOnlyList<ParameterRange> ranges,
        TpeOptions options)
    {
        if (kept.Count < options.StartupTrials) return StartupPoints.Draw(options.Startup, context, ranges);
        var best = TpeObservations.BestIndices(kept.Losses, TpeObservations.GoodCount(kept.Count, options));
        if (kept.Unusual > 0 || best.Count == kept.Count) return null;
        var goodPoints = new List<double[]>(best.Count);
        foreach (int i in best) goodPoints.Add(kept.Point(i));
        int[] choices = [0];
        using var good = new ParzenEstimator(choices, goodPoints, Enumerable.Repeat(1.0, goodPoints.Count).ToArray(), options);
        using var poor = new KeptOrderDensity(kept, best, options);
        var candidates = new double[options.Candidates][];
        for (int i = 0; i < candidates.Length; i++) candidates[i] = good.Sample(context.Random);
        return candidates[CandidateChoice.Best(candidates, good.LogDensities(candidates), poor)];
    }
}
