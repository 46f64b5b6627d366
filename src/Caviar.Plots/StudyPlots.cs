using Caviar.Analysis;
using Caviar.Studies;
using Caviar.Trials;
using ScottPlot;

namespace Caviar.Plots;

/// <summary>
/// The charts of a study, drawn with ScottPlot by the dashboard's rules: log axes when values span two orders of
/// magnitude (and for log ranges), whole-number ticks for trial numbers and steps, legends outside the data, real
/// values and category labels on every parallel axis, a colour key. A chart with nothing to draw throws
/// <see cref="EmptyChartException"/>.
/// </summary>
public static class StudyPlots
{
    /// <summary>The chart kinds <c>caviar plot --kind</c> accepts, in the order its help lists them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["history", "curves", "parallel", "importance", "slice", "contour", "edf", "pareto", "hypervolume", "pbt"];

    /// <summary>
    /// <paramref name="parameters"/>: for slice the parameter (default: the first), for contour the pair (default: the
    /// first two).
    /// </summary>
    public static Plot Create(string kind, string studyName, IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction,
        IReadOnlyList<string>? parameters = null) =>
        kind switch
        {
            "history" => History(studyName, trials, direction),
            "curves" => Curves(studyName, trials),
            "parallel" => ParallelCoordinates(studyName, trials, direction),
            "importance" => Importance(studyName, trials, direction),
            "slice" => Slice(studyName, trials, Pick(trials, parameters, 1)[0]),
            "contour" => Contour(studyName, trials, direction, Pick(trials, parameters, 2)),
            "edf" => EmpiricalDistribution(studyName, trials),
            "pareto" => throw new Validation.CaviarValidationException("--kind", "pareto is drawn by ParetoPlot (it needs every objective)"),
            "hypervolume" => throw new Validation.CaviarValidationException("--kind", "hypervolume is drawn by HypervolumePlot (it needs every objective)"),
            _ => throw new Validation.CaviarValidationException("--kind", $"'{kind}' is not one of {string.Join(", ", Kinds)}"),
        };

    private static readonly Color CompletedColor = Color.FromHex("#0072B2"), BestColor = Color.FromHex("#E69F00"),
        PrunedColor = Color.FromHex("#CC79A7"), FailedColor = Color.FromHex("#D55E00");

    private static List<TrialRecord> Completed(IReadOnlyList<TrialRecord> trials) =>
        trials.Where(t => t.State == TrialState.Completed && t.Value is { } v && double.IsFinite(v)).OrderBy(t => t.Number).ToList();

    /// <summary>A value axis: log10 of the values when they span two orders of magnitude; returns the transform.</summary>
    private static Func<double, double> ValueAxis(IAxis axis, IReadOnlyCollection<double> values, string title, Plot plot, bool left = true)
    {
        bool log = PlotTicks.WantsLog(values);
        var (positions, labels) = log ? PlotTicks.Log(values.Min(), values.Max()) : PlotTicks.Linear(values.Min(), values.Max());
        axis.SetTicks(positions, labels);
        axis.Label.Text = log ? title + " (log scale)" : title;
        return log ? Math.Log10 : v => v;
    }

    private static void IntegerAxis(IAxis axis, double min, double max, string title)
    {
        var (positions, labels) = PlotTicks.Linear(min, max, 8, integer: true);
        axis.SetTicks(positions, labels);
        axis.Label.Text = title;
    }

    /// <summary>Each trial's value by trial number, the best so far, pruned (hollow) and failed (crosses) trials.</summary>
    public static Plot History(string name, IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction)
    {
        var completed = Completed(trials);
        if (completed.Count == 0) throw new EmptyChartException($"study '{name}' has no completed trial to plot");
        var plot = new Plot();
        var valued = trials.Where(t => t.Value is { } v && double.IsFinite(v) && t.State != TrialState.Running).ToList();
        var y = ValueAxis(plot.Axes.Left, valued.Select(t => t.Value!.Value).ToList(), "objective value", plot);
        IntegerAxis(plot.Axes.Bottom, trials.Min(t => t.Number), trials.Max(t => t.Number), "trial");
        var points = plot.Add.ScatterPoints(completed.Select(t => (double)t.Number).ToArray(), completed.Select(t => y(t.Value!.Value)).ToArray(), CompletedColor);
        points.LegendText = "completed trial";
        var pruned = valued.Where(t => t.State == TrialState.Pruned).ToList();
        if (pruned.Count > 0)
        {
            var marks = plot.Add.ScatterPoints(pruned.Select(t => (double)t.Number).ToArray(), pruned.Select(t => y(t.Value!.Value)).ToArray(), PrunedColor);
            marks.MarkerShape = MarkerShape.OpenCircle;
            marks.LegendText = "pruned trial";
        }
        var noValue = trials.Where(t => t.State is TrialState.Failed or TrialState.Stopped || (t.State == TrialState.Pruned && t.Value is null)).ToList();
        if (noValue.Count > 0)
        {
            double bottom = valued.Min(t => y(t.Value!.Value));
            var marks = plot.Add.ScatterPoints(noValue.Select(t => (double)t.Number).ToArray(), noValue.Select(_ => bottom).ToArray(), FailedColor);
            marks.MarkerShape = MarkerShape.Eks;
            marks.MarkerSize = 8;
            marks.LegendText = "failed / no value";
        }
        double? best = null;
        var bestSoFar = completed.Select(t => y((best = best is null || direction.IsBetter(t.Value!.Value, best.Value) ? t.Value!.Value : best).Value)).ToArray();
        var line = plot.Add.ScatterLine(completed.Select(t => (double)t.Number).ToArray(), bestSoFar, BestColor);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2;
        line.LegendText = "best so far";
        plot.Title($"Optimization history — {name}");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Every trial's intermediate values by step; pruned ones dashed in their own colour, one step as a point.</summary>
    public static Plot Curves(string name, IReadOnlyList<TrialRecord> trials)
    {
        var curves = trials.Where(t => t.IntermediateValues.Count > 0).ToList();
        if (curves.Count == 0) throw new EmptyChartException($"study '{name}' has no intermediate values to plot");
        var plot = new Plot();
        var y = ValueAxis(plot.Axes.Left, curves.SelectMany(t => t.IntermediateValues.Values).ToList(), "intermediate value", plot);
        var steps = curves.SelectMany(t => t.IntermediateValues.Keys).ToList();
        IntegerAxis(plot.Axes.Bottom, steps.Min(), steps.Max(), "step");
        bool prunedShown = false, completedShown = false;
        foreach (var trial in curves)
        {
            bool pruned = trial.State == TrialState.Pruned;
            var scatter = plot.Add.Scatter(trial.IntermediateValues.Keys.Select(k => (double)k).ToArray(),
                trial.IntermediateValues.Values.Select(y).ToArray(), pruned ? PrunedColor : CompletedColor.WithAlpha(0.8));
            scatter.MarkerSize = trial.IntermediateValues.Count == 1 ? 7 : 0;
            if (pruned)
            {
                scatter.LinePattern = LinePattern.Dashed;
                scatter.MarkerShape = MarkerShape.OpenCircle;
                if (!prunedShown) scatter.LegendText = "pruned trial";
                prunedShown = true;
            }
            else if (!completedShown)
            {
                scatter.LegendText = "other trials";
                completedShown = true;
            }
        }
        plot.Title($"Intermediate values — {name}");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// The objective and one axis per parameter, each labelled with its real values (log axes for log ranges, categories
    /// in the order given); one line per completed trial coloured from worst (dark) to best (light), with a colour key.
    /// </summary>
    public static Plot ParallelCoordinates(string name, IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction)
    {
        var completed = Completed(trials);
        if (completed.Count == 0) throw new EmptyChartException($"study '{name}' has no completed trial to plot");
        var axes = ParameterAxis.Of(completed);
        var plot = new Plot();
        var values = completed.Select(t => t.Value!.Value).ToList();
        bool log = PlotTicks.WantsLog(values);
        Func<double, double> objective = log ? Math.Log10 : v => v;
        var (objectiveTicks, objectiveLabels) = log ? PlotTicks.Log(values.Min(), values.Max()) : PlotTicks.Linear(values.Min(), values.Max(), 5);
        double oMin = Math.Min(objective(values.Min()), objectiveTicks.Min()), oMax = Math.Max(objective(values.Max()), objectiveTicks.Max());
        var columns = new List<(string Title, Func<TrialRecord, double?> At, double Min, double Max, double[] Ticks, string[] Labels)>
        {
            (log ? "objective (log)" : "objective", t => objective(t.Value!.Value), oMin, oMax, objectiveTicks, objectiveLabels),
        };
        foreach (var axis in axes)
        {
            var (ticks, labels) = axis.Ticks(5);
            var (min, max) = axis.Span;
            columns.Add((axis.IsLog ? axis.Name + " (log)" : axis.Name, axis.Position, Math.Min(min, ticks.DefaultIfEmpty(min).Min()),
                Math.Max(max, ticks.DefaultIfEmpty(max).Max()), ticks, labels));
        }
        double Unit(int column, double position) =>
            columns[column].Max > columns[column].Min ? (position - columns[column].Min) / (columns[column].Max - columns[column].Min) : 0.5;
        var losses = values.Select(v => direction.ToLoss(v)).Order().ToArray();
        var colormap = new ScottPlot.Colormaps.Viridis();
        foreach (var trial in completed.OrderByDescending(t => direction.ToLoss(t.Value!.Value)))
        {
            double goodness = 1 - (double)Array.BinarySearch(losses, direction.ToLoss(trial.Value!.Value)) / Math.Max(losses.Length - 1, 1);
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < columns.Count; i++)
                if (columns[i].At(trial) is { } position)
                {
                    xs.Add(i);
                    ys.Add(Unit(i, position));
                }
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), colormap.GetColor(Math.Clamp(goodness, 0, 1)).WithAlpha(0.7));
            line.LineWidth = 1.2f;
        }
        for (int i = 0; i < columns.Count; i++)
        {
            var axisLine = plot.Add.VerticalLine(i, 1, Colors.Gray);
            axisLine.LabelText = "";
            for (int k = 0; k < columns[i].Ticks.Length; k++)
            {
                var label = plot.Add.Text(columns[i].Labels[k], i, Unit(i, columns[i].Ticks[k]));
                label.LabelFontSize = 11;
                label.LabelAlignment = Alignment.MiddleRight;
                label.OffsetX = -4;
            }
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns.Count).Select(i => (double)i).ToArray(), columns.Select(c => c.Title).ToArray());
        plot.Axes.Left.SetTicks([], []);
        plot.Axes.Left.Label.Text = "";
        plot.Axes.SetLimits(-0.5, columns.Count - 0.7, -0.05, 1.05);
        // The colour key: a colour bar of a hidden 0–1 gradient (the lines' own colours).
        var gradient = plot.Add.Heatmap(new double[,] { { 0 }, { 1 } });
        gradient.Colormap = colormap;
        gradient.IsVisible = false;
        var key = plot.Add.ColorBar(gradient);
        key.Label = "worst → best";
        plot.Title($"Parallel coordinates — {name}");
        return plot;
    }

    /// <summary>PED-ANOVA importance of each hyperparameter.</summary>
    public static Plot Importance(string name, IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction)
    {
        var importance = ParameterImportance.Compute(trials, direction);
        if (importance.Count == 0) throw new EmptyChartException($"study '{name}' needs more completed trials for importance");
        var plot = new Plot();
        var bars = importance.Select((p, i) => new Bar { Position = i, Value = p.Importance, FillColor = CompletedColor, Label = p.Importance.ToString("F3") }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, importance.Count).Select(i => (double)i).ToArray(),
            importance.Select(p => p.Name).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Hyperparameter importance (PED-ANOVA) — {name}");
        plot.YLabel("importance");
        return plot;
    }

    /// <summary>
    /// The empirical distribution of the completed trials' values: the share of trials with a value at most x, as a step
    /// line (x on a log axis when the values span two orders of magnitude; the share from 0 to 1).
    /// </summary>
    public static Plot EmpiricalDistribution(string name, IReadOnlyList<TrialRecord> trials)
    {
        var values = Completed(trials).Select(t => t.Value!.Value).Order().ToList();
        if (values.Count == 0) throw new EmptyChartException($"study '{name}' has no completed trial to plot");
        var plot = new Plot();
        var x = ValueAxis(plot.Axes.Bottom, values, "objective value", plot);
        var (shareTicks, shareLabels) = PlotTicks.Linear(0, 1, 5);
        plot.Axes.Left.SetTicks(shareTicks, shareLabels);
        plot.Axes.Left.Label.Text = "share of trials ≤ value";
        var xs = values.Select(x).Prepend(x(values[0])).ToArray();
        var shares = Enumerable.Range(0, values.Count + 1).Select(i => (double)i / values.Count).ToArray();
        var line = plot.Add.ScatterLine(xs, shares, CompletedColor);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2;
        line.LegendText = $"{values.Count} completed trials";
        plot.Axes.SetLimitsY(-0.03, 1.03);
        plot.Title($"Empirical distribution of values — {name}");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>The objective against one parameter (its real values, log axis for a log range, categories in order).</summary>
    public static Plot Slice(string name, IReadOnlyList<TrialRecord> trials, ParameterAxis axis)
    {
        var completed = Completed(trials).Where(t => axis.Position(t) is not null).ToList();
        if (completed.Count == 0) throw new EmptyChartException($"study '{name}' has no completed trial with {axis.Name}");
        var plot = new Plot();
        var y = ValueAxis(plot.Axes.Left, completed.Select(t => t.Value!.Value).ToList(), "objective value", plot);
        var (positions, labels) = axis.Ticks();
        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Axes.Bottom.Label.Text = axis.Title;
        var points = plot.Add.ScatterPoints(completed.Select(t => axis.Position(t)!.Value).ToArray(), completed.Select(t => y(t.Value!.Value)).ToArray(), CompletedColor);
        points.LegendText = "completed trial";
        plot.Title($"Slice — {name}: {axis.Name}");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// The objective over two parameters: interpolated (inverse-distance weighting over the axes' own scales) on a grid
    /// coloured from worst (dark) to best (light), with the trials on top and a colour key.
    /// </summary>
    public static Plot Contour(string name, IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction, IReadOnlyList<ParameterAxis> pair)
    {
        var (xAxis, yAxis) = (pair[0], pair[1]);
        var completed = Completed(trials).Where(t => xAxis.Position(t) is not null && yAxis.Position(t) is not null).ToList();
        if (completed.Count == 0) throw new EmptyChartException($"study '{name}' has no completed trial with {xAxis.Name} and {yAxis.Name}");
        const int cells = 40;
        var (x0, x1) = xAxis.Span;
        var (y0, y1) = yAxis.Span;
        if (x1 <= x0) x1 = x0 + 1;
        if (y1 <= y0) y1 = y0 + 1;
        var losses = completed.Select(t => direction.ToLoss(t.Value!.Value)).Order().ToArray();
        var points = completed.Select(t => ((xAxis.Position(t)!.Value - x0) / (x1 - x0), (yAxis.Position(t)!.Value - y0) / (y1 - y0),
            1 - (double)Array.BinarySearch(losses, direction.ToLoss(t.Value!.Value)) / Math.Max(losses.Length - 1, 1))).ToList();
        var grid = new double[cells, cells];
        for (int row = 0; row < cells; row++)
            for (int col = 0; col < cells; col++)
            {
                double cx = (col + 0.5) / cells, cy = 1 - (row + 0.5) / cells, weights = 0, sum = 0;
                foreach (var (px, py, good) in points)
                {
                    double q = (px - cx) * (px - cx) + (py - cy) * (py - cy) + 1e-4, w = 1 / (q * q);
                    weights += w;
                    sum += w * good;
                }
                grid[row, col] = sum / weights;
            }
        var plot = new Plot();
        var colormap = new ScottPlot.Colormaps.Viridis();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = colormap;
        heatmap.Position = new CoordinateRect(x0, x1, y0, y1);
        var marks = plot.Add.ScatterPoints(completed.Select(t => xAxis.Position(t)!.Value).ToArray(), completed.Select(t => yAxis.Position(t)!.Value).ToArray(), Colors.White);
        marks.MarkerShape = MarkerShape.OpenCircle;
        var (xt, xl) = xAxis.Ticks();
        plot.Axes.Bottom.SetTicks(xt, xl);
        plot.Axes.Bottom.Label.Text = xAxis.Title;
        var (yt, yl) = yAxis.Ticks();
        plot.Axes.Left.SetTicks(yt, yl);
        plot.Axes.Left.Label.Text = yAxis.Title;
        var key = plot.Add.ColorBar(heatmap);
        key.Label = "worst → best";
        plot.Title($"Contour — {name}: {xAxis.Name} × {yAxis.Name}");
        return plot;
    }

    private static IReadOnlyList<ParameterAxis> Pick(IReadOnlyList<TrialRecord> trials, IReadOnlyList<string>? names, int count)
    {
        var axes = ParameterAxis.Of(trials);
        if (names is null || names.Count == 0)
        {
            if (axes.Count < count) throw new EmptyChartException($"the study has {axes.Count} parameter(s); this chart needs {count}");
            return axes.Take(count).ToList();
        }
        if (names.Count != count) throw new Validation.CaviarValidationException("--params", $"needs {count} parameter name(s), got {names.Count}");
        return names.Select(n => axes.FirstOrDefault(a => a.Name == n)
            ?? throw new Validation.CaviarValidationException("--params", $"'{n}' is not a parameter of the study ({string.Join(", ", axes.Select(a => a.Name))})")).ToList();
    }

    /// <summary>Writes PNG or SVG by the file's extension.</summary>
    public static void Save(Plot plot, string path, int width = 900, int height = 550)
    {
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)) plot.SaveSvg(path, width, height);
        else if (path.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) plot.SavePng(path, width, height);
        else throw new Validation.CaviarValidationException("--output", "must end in .png or .svg");
    }
}
