using Caviar.SearchSpaces;

namespace Caviar.Strategies.Tpe;

/// <summary>
/// The multi-objective split of the latest ask, kept for that ask's other ranges. Proposed one range at a time
/// (univariate), every range of an ask sees the same history, and the split (fronts, hypervolume subset selection,
/// contributions: most of the ask's cost) does not depend on the range; so it is computed once per ask, over every
/// completed trial, and each range leaves out the trials that did not draw it (as Optuna's TPESampler masks after its
/// split). The ask is recognised by its context object (one per ask, shared by its ranges) and the options in force.
/// </summary>
internal sealed class MultiObjectiveSplitCache
{
    private sealed record Entry(StrategyContext Context, TpeOptions Options, MultiObjectiveChoice Choice);

    private Entry? _last;

    /// <summary>Splits computed so far (tests check that an ask's ranges share one).</summary>
    internal int SplitsComputed { get; private set; }

    public TpeObservations Observe(StrategyContext context, IReadOnlyList<ParameterRange> ranges, int[] choices, TpeOptions options)
    {
        var scored = context.CompletedLosses;
        var last = _last;
        MultiObjectiveChoice choice;
        if (last is not null && ReferenceEquals(last.Context, context) && last.Options == options) choice = last.Choice;
        else
        {
            var losses = new double[scored.Count][];
            var violations = new double[scored.Count];
            for (int i = 0; i < scored.Count; i++) (losses[i], violations[i]) = (scored[i].Losses, scored[i].Violation);
            choice = MultiObjectiveSplit.Choose(losses, violations, options);
            SplitsComputed++;
            _last = new Entry(context, options, choice);
        }
        var points = new double[]?[scored.Count];
        for (int i = 0; i < scored.Count; i++) points[i] = UnitCubeObservations.PointOf(scored[i].Trial, ranges, choices);
        return MultiObjectiveSplit.Observations(choice, points, choices, options);
    }
}
