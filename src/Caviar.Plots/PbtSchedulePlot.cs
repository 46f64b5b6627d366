using System.Globalization;
using Caviar.Pbt;
using ScottPlot;

namespace Caviar.Plots;

/// <summary>
/// Population-based training's hyperparameter schedule (<c>caviar plot --kind pbt</c>, Ray Tune's PBT schedule
/// picture): one hyperparameter's value by round, a step line per member (legend "member M"), with a point where the
/// member copied another's checkpoint (exploit). Values spanning two orders of magnitude get a log axis; a categorical
/// hyperparameter is drawn by the index of its value among those the lineage holds, labelled with the values.
/// </summary>
public static class PbtSchedulePlot
{
    /// <summary>Draws <paramref name="parameter"/> (default: the first numeric hyperparameter by name) of every member over
    /// the rounds of <paramref name="lineage"/>; an empty lineage throws <see cref="EmptyChartException"/>.</summary>
    public static Plot Create(string studyName, IReadOnlyList<PbtLineageEntry> lineage, string? parameter)
    {
        if (lineage.Count == 0)
            throw new EmptyChartException($"study '{studyName}' has no PBT lineage (it was not tuned with strategy PBT, or has not started)");
        var names = lineage[0].HyperParameters.Keys.Order(StringComparer.Ordinal).ToList();
        string name = parameter ?? names.FirstOrDefault(n => lineage[0].HyperParameters[n] is double or long) ?? names[0];
        if (!names.Contains(name))
            throw new Validation.CaviarValidationException("--params", $"'{name}' is not a hyperparameter of the schedule ({string.Join(", ", names)})");
        var raw = lineage.Select(e => e.HyperParameters[name]).ToList();
        bool numeric = raw.All(v => v is double or long);
        var categories = numeric ? [] : raw.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!).Distinct().Order(StringComparer.Ordinal).ToList();
        double ValueOf(object v) => numeric ? Convert.ToDouble(v, CultureInfo.InvariantCulture)
            : categories.IndexOf(Convert.ToString(v, CultureInfo.InvariantCulture)!);
        var all = raw.Select(ValueOf).ToList();
        bool log = numeric && PlotTicks.WantsLog(all);
        double Y(double v) => log ? Math.Log10(v) : v;

        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int rounds = lineage.Max(e => e.Round) + 1;
        foreach (var member in lineage.GroupBy(e => e.Member).OrderBy(g => g.Key))
        {
            var steps = member.OrderBy(e => e.Round).ToList();
            var color = palette.GetColor(member.Key);
            var xs = steps.Select(e => (double)e.Round).Append(steps[^1].Round + 1).ToArray();
            var ys = steps.Select(e => Y(ValueOf(e.HyperParameters[name]))).Append(Y(ValueOf(steps[^1].HyperParameters[name]))).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, color);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = $"member {member.Key}";
            var copies = steps.Where(e => e.ParentMember is not null).ToList();
            if (copies.Count > 0)
            {
                var marks = plot.Add.ScatterPoints(copies.Select(e => (double)e.Round).ToArray(),
                    copies.Select(e => Y(ValueOf(e.HyperParameters[name]))).ToArray(), color);
                marks.MarkerSize = 8;
            }
        }
        var (xTicks, xLabels) = PlotTicks.Linear(0, rounds, Math.Min(rounds, 10), integer: true);
        plot.Axes.Bottom.SetTicks(xTicks, xLabels);
        plot.Axes.Bottom.Label.Text = "round";
        if (!numeric)
            plot.Axes.Left.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        else if (log)
        {
            var (positions, labels) = PlotTicks.Log(all.Min(), all.Max());
            plot.Axes.Left.SetTicks(positions, labels);
        }
        else
        {
            var (positions, labels) = PlotTicks.Linear(all.Min(), all.Max());
            plot.Axes.Left.SetTicks(positions, labels);
        }
        plot.Axes.Left.Label.Text = name;
        plot.Title($"PBT schedule — {studyName} (points: copied a member's checkpoint)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
