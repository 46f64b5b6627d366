using Caviar.MultiObjective;
using Caviar.Trials;
using ScottPlot;

namespace Caviar.Plots;

/// <summary>
/// The hypervolume over trials (<c>caviar plot --kind hypervolume</c>, a study with several objectives; Optuna's
/// plot_hypervolume_history): the hypervolume the front dominates up to the reference point, after each completed
/// feasible trial, as a step line by trial number, with a point where a trial raised it. The reference point is
/// <see cref="HypervolumeHistory.DefaultReference"/> (the dashboard's and the API's default), named in the legend.
/// </summary>
public static class HypervolumePlot
{
    private static readonly Color LineColor = Color.FromHex("#0072B2");

    /// <summary>
    /// The chart of a study with several objectives: <paramref name="trials"/> with their objectives'
    /// <paramref name="directions"/> and <paramref name="names"/> (for the axis and legend). Refuses a study of one
    /// objective; throws <see cref="EmptyChartException"/> when no completed trial is feasible.
    /// </summary>
    public static Plot Create(string studyName, IReadOnlyList<TrialRecord> trials, IReadOnlyList<ObjectiveDirection> directions,
        IReadOnlyList<string> names)
    {
        if (directions.Count < 2)
            throw new Validation.CaviarValidationException("--kind", $"study '{studyName}' has one objective; hypervolume needs two or more (try history)");
        if (HypervolumeHistory.DefaultReference(trials, directions) is not { } reference)
            throw new EmptyChartException($"study '{studyName}' has no completed feasible trial to plot");
        var history = HypervolumeHistory.Of(trials, directions, reference);
        var plot = new Plot();
        var (xTicks, xLabels) = PlotTicks.Linear(history[0].Number, trials.Max(t => t.Number), 8, integer: true);
        plot.Axes.Bottom.SetTicks(xTicks, xLabels);
        plot.Axes.Bottom.Label.Text = "trial";
        double top = history.Max(h => h.Hypervolume);
        var (yTicks, yLabels) = PlotTicks.Linear(0, top > 0 ? top : 1, 5);
        plot.Axes.Left.SetTicks(yTicks, yLabels);
        plot.Axes.Left.Label.Text = "hypervolume";
        var xs = history.Select(h => (double)h.Number).Append(trials.Max(t => t.Number)).ToArray();
        var ys = history.Select(h => h.Hypervolume).Append(history[^1].Hypervolume).ToArray();
        var line = plot.Add.ScatterLine(xs, ys, LineColor);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2;
        line.LegendText = "reference point: " + string.Join(", ", names.Select((n, k) => $"{n} {PlotTicks.Label(reference[k])}"));
        var raised = history.Where((h, k) => k == 0 || h.Hypervolume > history[k - 1].Hypervolume).ToList();
        var points = plot.Add.ScatterPoints(raised.Select(h => (double)h.Number).ToArray(), raised.Select(h => h.Hypervolume).ToArray(), LineColor);
        points.LegendText = "a trial that raised it";
        plot.Axes.SetLimitsY(-top * 0.03, top * 1.08 + (top > 0 ? 0 : 1));
        plot.Title($"Hypervolume over trials — {studyName}");
        // Below the chart: the reference point's label grows with the objectives' names and, on the right, took the
        // chart's width (three objectives left it a sixth of the picture).
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
