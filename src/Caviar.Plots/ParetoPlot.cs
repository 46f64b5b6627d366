using Caviar.MultiObjective;
using Caviar.Trials;
using ScottPlot;

namespace Caviar.Plots;

/// <summary>
/// The Pareto front chart (<c>caviar plot --kind pareto</c>): each completed trial as a point of two objectives' values,
/// the study's Pareto front (every completed, feasible trial no other one dominates in all objectives) highlighted and,
/// with two objectives, joined as a step line; infeasible trials as crosses. A study with three or four objectives is
/// drawn as pairs, one chart per pair of objectives (<see cref="Pairs"/>).
/// </summary>
public static class ParetoPlot
{
    private static readonly Color TrialColor = Color.FromHex("#0072B2"), FrontColor = Color.FromHex("#E69F00"),
        InfeasibleColor = Color.FromHex("#D55E00");

    /// <summary>Every pair (i, j), i &lt; j, of objective indices, in order: one pair for two objectives, three for three, six for four.</summary>
    public static IReadOnlyList<(int X, int Y)> Pairs(int objectives) =>
        [.. from i in Enumerable.Range(0, objectives) from j in Enumerable.Range(i + 1, objectives - i - 1) select (i, j)];

    /// <summary>
    /// The chart of objectives <paramref name="pair"/> (indices into <paramref name="directions"/> and
    /// <paramref name="names"/>).
    /// </summary>
    public static Plot Create(string studyName, IReadOnlyList<TrialRecord> trials, IReadOnlyList<ObjectiveDirection> directions,
        IReadOnlyList<string> names, (int X, int Y) pair)
    {
        if (directions.Count < 2)
            throw new Validation.CaviarValidationException("--kind", $"study '{studyName}' has one objective; pareto needs two or more (try history)");
        var completed = trials.Where(t => ParetoFront.Losses(t, directions) is not null).OrderBy(t => t.Number).ToList();
        if (completed.Count == 0) throw new EmptyChartException($"study '{studyName}' has no completed trial to plot");
        var front = ParetoFront.Of(completed, directions);
        var onFront = front.Select(t => t.Number).ToHashSet();
        double X(TrialRecord t) => t.Values![pair.X];
        double Y(TrialRecord t) => t.Values![pair.Y];

        var plot = new Plot();
        Axis(plot.Axes.Bottom, completed.Select(X).ToList(), names[pair.X], directions[pair.X]);
        Axis(plot.Axes.Left, completed.Select(Y).ToList(), names[pair.Y], directions[pair.Y]);
        var feasible = completed.Where(t => t.IsFeasible && !onFront.Contains(t.Number)).ToList();
        if (feasible.Count > 0)
            plot.Add.ScatterPoints(feasible.Select(X).ToArray(), feasible.Select(Y).ToArray(), TrialColor).LegendText = "trial";
        var infeasible = completed.Where(t => !t.IsFeasible).ToList();
        if (infeasible.Count > 0)
        {
            var marks = plot.Add.ScatterPoints(infeasible.Select(X).ToArray(), infeasible.Select(Y).ToArray(), InfeasibleColor);
            marks.MarkerShape = MarkerShape.Eks;
            marks.MarkerSize = 8;
            marks.LegendText = "infeasible trial";
        }
        if (front.Count > 0)
        {
            var ordered = front.OrderBy(X).ThenBy(Y).ToList();
            var points = plot.Add.ScatterPoints(ordered.Select(X).ToArray(), ordered.Select(Y).ToArray(), FrontColor);
            points.MarkerSize = 9;
            points.LegendText = "Pareto front";
            if (directions.Count == 2 && ordered.Count > 1)
            {
                // With two objectives the front bounds the region it dominates with a staircase; going right (x rising),
                // it steps across first when x is minimised, and up or down first when x is maximised.
                var line = plot.Add.ScatterLine(ordered.Select(X).ToArray(), ordered.Select(Y).ToArray(), FrontColor);
                line.ConnectStyle = directions[pair.X] == ObjectiveDirection.Minimize ? ConnectStyle.StepHorizontal : ConnectStyle.StepVertical;
                line.LineWidth = 1.5f;
            }
        }
        plot.Title($"Pareto front — {studyName} ({front.Count} of {completed.Count} completed trials)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static void Axis(IAxis axis, IReadOnlyList<double> values, string name, ObjectiveDirection direction)
    {
        var (positions, labels) = PlotTicks.Linear(values.Min(), values.Max());
        axis.SetTicks(positions, labels);
        axis.Label.Text = $"{name} ({(direction == ObjectiveDirection.Maximize ? "maximize" : "minimize")})";
    }
}
