using Caviar.Analysis;
using Caviar.Studies;
using Caviar.Trials;
using ScottPlot;

namespace Caviar.Plots;

/// <summary>The charts of a study, drawn with ScottPlot: the same ones the dashboard shows.</summary>
public static class StudyPlots
{
    public static IReadOnlyList<string> Kinds { get; } = ["history", "curves", "parallel", "importance"];

    public static Plot Create(string kind, string studyName, IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction) =>
        kind switch
        {
            "history" => History(studyName, trials, direction),
            "curves" => Curves(studyName, trials),
            "parallel" => ParallelCoordinates(studyName, trials, direction),
            "importance" => Importance(studyName, trials, direction),
            _ => throw new Validation.CaviarValidationException("--kind", $"'{kind}' is not one of {string.Join(", ", Kinds)}"),
        };

    /// <summary>Each completed trial's value by trial number, and the best value so far.</summary>
    public static Plot History(string name, IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction)
    {
        var completed = trials.Where(t => t.State == TrialState.Completed).OrderBy(t => t.Number).ToList();
        var plot = new Plot();
        var numbers = completed.Select(t => (double)t.Number).ToArray();
        var values = completed.Select(t => t.Value!.Value).ToArray();
        var points = plot.Add.ScatterPoints(numbers, values);
        points.LegendText = "trial value";
        double? best = null;
        var bestSoFar = values.Select(v => (best = best is null || direction.IsBetter(v, best.Value) ? v : best).Value).ToArray();
        var line = plot.Add.ScatterLine(numbers, bestSoFar);
        line.LegendText = "best so far";
        plot.Title($"Optimization history — {name}");
        plot.XLabel("trial");
        plot.YLabel("objective value");
        plot.ShowLegend();
        return plot;
    }

    /// <summary>Every trial's intermediate values by step (learning curves), pruned ones included.</summary>
    public static Plot Curves(string name, IReadOnlyList<TrialRecord> trials)
    {
        var plot = new Plot();
        foreach (var trial in trials.Where(t => t.IntermediateValues.Count > 0))
        {
            var line = plot.Add.ScatterLine(trial.IntermediateValues.Keys.Select(k => (double)k).ToArray(),
                trial.IntermediateValues.Values.ToArray());
            if (trial.State == TrialState.Pruned) line.LinePattern = LinePattern.Dashed;
        }
        plot.Title($"Intermediate values — {name} (dashed: pruned)");
        plot.XLabel("step");
        plot.YLabel("intermediate value");
        return plot;
    }

    /// <summary>One axis per hyperparameter (its unit interval), one line per completed trial, darker for better.</summary>
    public static Plot ParallelCoordinates(string name, IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction)
    {
        var completed = trials.Where(t => t.State == TrialState.Completed).ToList();
        var names = completed.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var plot = new Plot();
        if (completed.Count > 0)
        {
            var losses = completed.Select(t => direction.ToLoss(t.Value!.Value)).ToArray();
            double lo = losses.Min(), hi = losses.Max();
            var colormap = new ScottPlot.Colormaps.Viridis();
            foreach (var (trial, loss) in completed.Zip(losses))
            {
                var xs = new List<double>();
                var ys = new List<double>();
                for (int i = 0; i < names.Count; i++)
                    if (trial.Params.TryGetValue(names[i], out double value))
                    {
                        xs.Add(i);
                        ys.Add(trial.Distributions[names[i]].ToUnit(value));
                    }
                var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
                line.Color = colormap.GetColor(hi > lo ? (loss - lo) / (hi - lo) : 0).WithAlpha(0.6);
            }
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, names.Count).Select(i => (double)i).ToArray(), names.ToArray());
        plot.Title($"Parallel coordinates — {name} (dark: best)");
        plot.YLabel("position in range");
        return plot;
    }

    /// <summary>PED-ANOVA importance of each hyperparameter.</summary>
    public static Plot Importance(string name, IReadOnlyList<TrialRecord> trials, ObjectiveDirection direction)
    {
        var importance = ParameterImportance.Compute(trials, direction);
        var plot = new Plot();
        var bars = importance.Select((p, i) => new Bar { Position = i, Value = p.Importance }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, importance.Count).Select(i => (double)i).ToArray(),
            importance.Select(p => p.Name).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Hyperparameter importance (PED-ANOVA) — {name}");
        plot.YLabel("importance");
        return plot;
    }

    /// <summary>Writes PNG or SVG by the file's extension.</summary>
    public static void Save(Plot plot, string path, int width = 900, int height = 550)
    {
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)) plot.SaveSvg(path, width, height);
        else if (path.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) plot.SavePng(path, width, height);
        else throw new Validation.CaviarValidationException("--output", "must end in .png or .svg");
    }
}
