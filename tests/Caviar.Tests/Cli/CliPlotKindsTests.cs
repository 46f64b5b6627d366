using System.Globalization;
using System.Xml.Linq;
using Caviar.SearchSpaces;
using Caviar.Storage.Sqlite;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Cli;

/// <summary>
/// <c>caviar plot</c> of every kind, read back from the SVG: axis titles, tick labels (log axes, whole trial numbers,
/// real values and categories in the given order), legends outside the data; and empty charts refused.
/// </summary>
public class CliPlotKindsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>
    /// A study ("spread") whose values span 0.44–149, with a log-scale parameter, a categorical one given out of
    /// alphabetical order and an integer one; three intermediate values per trial, then a failed trial and a trial
    /// pruned after one step. "empty" has a failed trial only.
    /// </summary>
    private static TempDirectory StoreStudies()
    {
        var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        var study = Study.Create(store, "spread", ObjectiveDirection.Minimize, new StudyOptions { Strategy = new RandomSearch(), Seed = 3 });
        foreach (double value in new[] { 149, 80, 35, 12, 9.5, 4.2, 2.5, 1.1, 0.7, 0.44, 60, 3.3 })
        {
            var trial = study.Ask();
            trial.SuggestFloat("lr", 1e-5, 1, ScalingType.Logarithmic);
            trial.SuggestCategorical("opt", "sgd", "adam", "rmsprop");
            trial.SuggestInt("units", 1, 5);
            for (int step = 1; step <= 3; step++) trial.Report(step, value * (4 - step));
            study.Tell(trial, value);
        }
        var failed = study.Ask();
        failed.SuggestFloat("lr", 1e-5, 1, ScalingType.Logarithmic);
        study.Tell(failed, TrialState.Failed, "out of memory");
        var pruned = study.Ask();
        pruned.SuggestFloat("lr", 1e-5, 1, ScalingType.Logarithmic);
        pruned.Report(1, 500);
        study.Tell(pruned, TrialState.Pruned, "pruned at step 1");
        var empty = Study.Create(store, "empty", ObjectiveDirection.Minimize, new StudyOptions { Strategy = new RandomSearch() });
        var lost = empty.Ask();
        lost.SuggestFloat("x", 0, 1);
        empty.Tell(lost, TrialState.Failed, "crashed");
        return dir;
    }

    private static XElement Plot(TempDirectory dir, params string[] args)
    {
        var run = CliRunner.Run(dir.Path, ["plot", .. args, "-o", "out.svg"]);
        Assert.True(run.ExitCode == 0, run.All);
        return XDocument.Load(dir.File("out.svg")).Root!;
    }

    private static List<string> Texts(XElement svg) => svg.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    /// <summary>The texts between two others (a run of tick labels after the axis title that precedes them).</summary>
    private static List<string> After(List<string> texts, string title, int count) => texts.Skip(texts.IndexOf(title) + 1).Take(count).ToList();

    [Fact]
    public void History_has_a_log_value_axis_whole_trial_numbers_marks_and_its_legend_outside_the_data()
    {
        using var dir = StoreStudies();
        var svg = Plot(dir, "spread", "--kind", "history");
        var texts = Texts(svg);
        Assert.Equal(["1", "10", "100"], After(texts, "objective value (log scale)", 3));
        var trialTicks = texts.Skip(texts.IndexOf("trial") + 1).TakeWhile(t => t != "objective value (log scale)").ToList();
        Assert.NotEmpty(trialTicks);
        Assert.All(trialTicks, t => Assert.Matches("^[0-9]+$", t));
        Assert.Contains("best so far", texts);
        Assert.Contains("failed / no value", texts);
        // The legend lies right of the data area (the clip rectangle of the plotted data).
        var area = svg.Descendants(Svg + "clipPath").First().Element(Svg + "rect")!;
        double right = double.Parse(area.Attribute("x")!.Value, CultureInfo.InvariantCulture) + double.Parse(area.Attribute("width")!.Value, CultureInfo.InvariantCulture);
        var legend = svg.Descendants(Svg + "text").First(t => t.Value.Trim() == "best so far");
        var at = System.Text.RegularExpressions.Regex.Match(legend.Attribute("transform")!.Value, @"translate\(([-0-9.]+)");
        Assert.True(double.Parse(at.Groups[1].Value, CultureInfo.InvariantCulture) > right, $"legend at {at.Value}, data up to x={right}");
    }

    [Fact]
    public void Curves_have_whole_steps_a_log_axis_and_pruned_trials_in_the_legend()
    {
        using var dir = StoreStudies();
        var texts = Texts(Plot(dir, "spread", "--kind", "curves"));
        Assert.Equal(["1", "2", "3"], After(texts, "step", 3));
        Assert.Contains("intermediate value (log scale)", texts);
        Assert.Contains("pruned trial", texts);
    }

    [Fact]
    public void Parallel_coordinates_label_every_axis_with_real_values_and_categories_in_the_given_order()
    {
        using var dir = StoreStudies();
        var texts = Texts(Plot(dir, "spread", "--kind", "parallel"));
        Assert.Equal(["1", "10", "100", "1e-5", "0.0001", "0.001", "0.01", "0.1", "1", "sgd", "adam", "rmsprop", "1", "2", "3", "4", "5"],
            texts.Take(17));
        Assert.Equal(["objective (log)", "lr (log)", "opt", "units"], After(texts, "5", 4));
        Assert.Contains("worst → best", texts);   // the colour key
    }

    [Fact]
    public void Slice_and_contour_draw_the_chosen_parameters_on_their_own_scales()
    {
        using var dir = StoreStudies();
        var slice = Texts(Plot(dir, "spread", "--kind", "slice", "--params", "opt"));
        Assert.Equal(["sgd", "adam", "rmsprop"], After(slice, "opt", 3));
        Assert.Contains("objective value (log scale)", slice);
        var contour = Texts(Plot(dir, "spread", "--kind", "contour", "--params", "lr,units"));
        Assert.Equal(["1e-5", "0.0001", "0.001", "0.01", "0.1", "1"], After(contour, "lr (log scale)", 6));
        Assert.Equal(["1", "2", "3", "4", "5"], After(contour, "units", 5));
        Assert.Contains("worst → best", contour);
        var wrong = CliRunner.Run(dir.Path, "plot", "spread", "--kind", "contour", "--params", "lr,depth", "-o", "x.svg");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("--params", wrong.All);
    }

    [Fact]
    public void The_empirical_distribution_has_a_log_value_axis_and_shares_from_0_to_1()
    {
        using var dir = StoreStudies();
        var svg = Plot(dir, "spread", "--kind", "edf");
        var texts = Texts(svg);
        Assert.Equal(["1", "10", "100"], After(texts, "objective value (log scale)", 3));   // 0.44–149
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], texts.SkipWhile(t => t != "0.0").Take(6));
        Assert.Contains("share of trials ≤ value", texts);
        Assert.Contains("12 completed trials", texts);   // the failed and the pruned trial have no value to count
    }

    [Theory]
    [InlineData("empty", "edf", "no completed trial")]
    [InlineData("empty", "history", "no completed trial")]
    [InlineData("empty", "parallel", "no completed trial")]
    [InlineData("spread", "curves", null)]
    [InlineData("empty", "curves", "no intermediate values")]
    public void An_empty_chart_is_an_error_and_writes_no_file(string study, string kind, string? message)
    {
        using var dir = StoreStudies();
        var run = CliRunner.Run(dir.Path, "plot", study, "--kind", kind, "-o", "out.svg");
        if (message is null)
        {
            Assert.Equal(0, run.ExitCode);   // the same kind with something to draw
            return;
        }
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: ", run.Error);
        Assert.Contains(message, run.Error);
        Assert.False(File.Exists(dir.File("out.svg")));
    }
}
