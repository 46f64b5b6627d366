using System.Xml.Linq;
using Caviar.SearchSpaces;
using Caviar.Storage.Sqlite;
using Caviar.Studies;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.MultiObjective;

/// <summary><c>caviar plot --kind pareto</c>: the front highlighted, infeasible trials marked, three objectives as pairs.</summary>
public class ParetoPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly SearchSpace X = new([new ContinuousRange("x", 0, 1)]);

    /// <summary>
    /// "two": 2 objectives, 5 trials (3 on the front, 1 dominated, 1 infeasible); "three": 3 objectives; "none": 2
    /// objectives, one infeasible trial; "one": 1.
    /// </summary>
    private static TempDirectory Studies()
    {
        var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        var two = Study.Create(store, "two", [ObjectiveDirection.Maximize, ObjectiveDirection.Minimize]);
        void Add(Study study, double x, double[] values, double violation) =>
            study.Add(X, new Dictionary<string, object> { ["x"] = x }, values, [violation]);
        Add(two, 0.1, [0.9, 3], -1);
        Add(two, 0.2, [0.8, 2], -1);
        Add(two, 0.3, [0.5, 1], -1);
        Add(two, 0.4, [0.4, 2.5], -1);     // dominated by (0.8, 2)
        Add(two, 0.5, [1.0, 0.5], 2);      // best on both, but infeasible
        var three = Study.Create(store, "three", [ObjectiveDirection.Minimize, ObjectiveDirection.Minimize, ObjectiveDirection.Minimize]);
        for (int i = 0; i < 4; i++) three.Add(X, new Dictionary<string, object> { ["x"] = i / 4.0 }, [i, 3 - i, i % 2], []);
        var none = Study.Create(store, "none", [ObjectiveDirection.Minimize, ObjectiveDirection.Minimize]);
        Add(none, 0.5, [1, 1], 3);         // no feasible trial: no front, no hypervolume
        var one = Study.Create(store, "one", ObjectiveDirection.Minimize);
        one.Add(X, new Dictionary<string, object> { ["x"] = 0.5 }, 1.0);
        return dir;
    }

    private static List<string> Texts(string file) =>
        XDocument.Load(file).Root!.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    [Fact]
    public void Two_objectives_draw_the_front_the_other_trials_and_the_infeasible_ones_with_named_axes()
    {
        using var dir = Studies();
        var run = CliRunner.Run(dir.Path, "plot", "two", "--kind", "pareto", "-o", "front.svg");
        Assert.True(run.ExitCode == 0, run.All);
        var texts = Texts(dir.File("front.svg"));
        Assert.Contains("Pareto front — two (3 of 5 completed trials)", texts);
        Assert.Contains("value0 (maximize)", texts);
        Assert.Contains("value1 (minimize)", texts);
        Assert.Contains("Pareto front", texts);
        Assert.Contains("trial", texts);
        Assert.Contains("infeasible trial", texts);
    }

    [Fact]
    public void Three_objectives_are_drawn_as_pairs_or_as_the_pair_named()
    {
        using var dir = Studies();
        var run = CliRunner.Run(dir.Path, "plot", "three", "--kind", "pareto", "-o", "p.svg");
        Assert.True(run.ExitCode == 0, run.All);
        string[] pairs = ["p-value0-vs-value1.svg", "p-value0-vs-value2.svg", "p-value1-vs-value2.svg"];
        Assert.All(pairs, file => Assert.Contains("Pareto front", Texts(dir.File(file))));
        Assert.False(File.Exists(dir.File("p.svg")));
        Assert.Contains("value2 (minimize)", Texts(dir.File("p-value1-vs-value2.svg")));

        var named = CliRunner.Run(dir.Path, "plot", "three", "--kind", "pareto", "--params", "value2,value0", "-o", "named.svg");
        Assert.True(named.ExitCode == 0, named.All);
        Assert.Contains("value2 (minimize)", Texts(dir.File("named.svg")));

        var wrong = CliRunner.Run(dir.Path, "plot", "three", "--kind", "pareto", "--params", "value0,loss", "-o", "x.svg");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("error: --params: 'loss' is not an objective of the study (value0, value1, value2)", wrong.Error);
        var single = CliRunner.Run(dir.Path, "plot", "one", "--kind", "pareto", "-o", "x.svg");
        Assert.Equal(2, single.ExitCode);
        Assert.Contains("pareto needs two or more", single.Error);
    }

    [Fact]
    public void The_hypervolume_over_trials_names_its_reference_point_and_rises_with_the_front()
    {
        using var dir = Studies();
        var run = CliRunner.Run(dir.Path, "plot", "two", "--kind", "hypervolume", "-o", "hv.svg");
        Assert.True(run.ExitCode == 0, run.All);
        var texts = Texts(dir.File("hv.svg"));
        Assert.Contains("Hypervolume over trials — two", texts);
        // The default reference: the worst feasible value0 (0.4, maximised) less 10% of its span (0.5), the worst
        // value1 (3, minimised) plus 10% of its span (2).
        Assert.Contains("reference point: value0 0.35, value1 3.2", texts);
        Assert.Contains("a trial that raised it", texts);
        // The front (0.9, 3), (0.8, 2), (0.5, 1) dominates 0.15 + 0.45 + 0.11 = 0.71 up to that point: ticks to 0.7.
        var ticks = texts.SkipWhile(t => t != "hypervolume").Skip(1).TakeWhile(t => double.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out _)).ToList();
        Assert.Equal(["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"], ticks);
        var trialTicks = texts.SkipWhile(t => t != "trial").Skip(1).TakeWhile(t => double.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out _)).ToList();
        Assert.NotEmpty(trialTicks);
        Assert.All(trialTicks, t => Assert.Matches("^[0-9]+$", t));

        var empty = CliRunner.Run(dir.Path, "plot", "none", "--kind", "hypervolume", "-o", "none.svg");
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("error: study 'none' has no completed feasible trial to plot", empty.Error);
        Assert.False(File.Exists(dir.File("none.svg")));
        var single = CliRunner.Run(dir.Path, "plot", "one", "--kind", "hypervolume", "-o", "x.svg");
        Assert.Equal(2, single.ExitCode);
        Assert.Contains("hypervolume needs two or more", single.Error);
    }

    [Fact]
    public void One_objective_charts_show_the_objective_named()
    {
        using var dir = Studies();
        var run = CliRunner.Run(dir.Path, "plot", "two", "--kind", "history", "--objective", "value1", "-o", "h.svg");
        Assert.True(run.ExitCode == 0, run.All);
        // value1 of the five trials: 3, 2, 1, 2.5, 0.5; the first objective's (0.4 to 1.0) would give other ticks.
        var texts = Texts(dir.File("h.svg"));
        var first = CliRunner.Run(dir.Path, "plot", "two", "--kind", "history", "-o", "h0.svg");
        Assert.True(first.ExitCode == 0, first.All);
        var valueTicks = texts.SkipWhile(t => t != "objective value").Skip(1).TakeWhile(t => t != "trial").ToList();
        var firstTicks = Texts(dir.File("h0.svg")).SkipWhile(t => t != "objective value").Skip(1).TakeWhile(t => t != "trial").ToList();
        Assert.True(valueTicks.Count > 0 && !valueTicks.SequenceEqual(firstTicks), string.Join(" ", texts));
        Assert.Contains("2.5", valueTicks);          // value1 reaches 3; value0 stays within 0.4–1.0
        Assert.DoesNotContain("2.5", firstTicks);
        var wrong = CliRunner.Run(dir.Path, "plot", "two", "--kind", "history", "--objective", "loss", "-o", "x.svg");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("error: --objective: 'loss' is not an objective of the study (value0, value1)", wrong.Error);
    }
}
