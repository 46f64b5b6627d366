using System.Text.Json;

namespace Caviar.Tests.Server;

/// <summary>
/// Every chart of the dashboard on a study built for it (tests/dashboard-e2e/charts.mjs): values spanning 0.44–149,
/// a log-scale parameter, categories given out of alphabetical order, an integer parameter, a failed trial and a trial
/// pruned after one step; plus brushing, tooltips, the dark theme, keyboard use and the 1280×800 layout.
/// </summary>
public class DashboardChartTests
{
    private static List<string> Texts(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(t => t.GetString()!).ToList();

    /// <summary>One browser run (it takes a while here) checked for both: the charts, then the page's accessibility.</summary>
    [Fact]
    [Trait("Needs", "chromium")]
    public async Task Charts_are_readable_and_interactive_and_the_page_is_accessible_at_1280_by_800()
    {
        await using var server = await ApiServer.StartAsync();
        string shots = Environment.GetEnvironmentVariable("CAVIAR_SCREENSHOTS") is { Length: > 0 } kept && Directory.Exists(kept)
            ? kept : server.Directory.Path;   // CAVIAR_SCREENSHOTS: a folder to keep them in, to look at them
        var result = await PlaywrightScript.RunAsync("charts.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token, shots);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Charts_use_log_axes_real_ticks_given_category_order_and_mark_failed_and_pruned_trials(result);
        The_page_has_a_dark_theme_fits_1280_pixels_and_works_from_the_keyboard(result);
        Assert.True(new FileInfo(Path.Combine(shots, "charts-dark.png")).Length > 20_000);
    }

    private static void Charts_use_log_axes_real_ticks_given_category_order_and_mark_failed_and_pruned_trials(JsonElement result)
    {

        var history = result.GetProperty("history");
        Assert.Equal("true", history.GetProperty("log").GetString());                 // 0.44–149: two orders of magnitude
        Assert.Equal(["1", "10", "100"], Texts(history, "yTicks"));
        Assert.Equal("objective value (log scale)", history.GetProperty("yTitle").GetString());
        Assert.All(Texts(history, "xTicks"), t => Assert.Matches("^[0-9]+$", t));     // trial numbers: whole ticks
        Assert.Equal(12, history.GetProperty("points").GetInt32());
        Assert.Equal(1, history.GetProperty("bestLine").GetInt32());
        Assert.Equal(1, history.GetProperty("failedMarks").GetInt32());
        Assert.Equal(1, history.GetProperty("prunedMarks").GetInt32());
        Assert.True(result.GetProperty("tooltip").GetProperty("shown").GetBoolean());
        Assert.StartsWith("trial 0 Completed value 149 — lr=", result.GetProperty("tooltip").GetProperty("text").GetString());

        var curves = result.GetProperty("curves");
        Assert.Equal(12, curves.GetProperty("lines").GetInt32());
        Assert.Equal(1, curves.GetProperty("prunedPoints").GetInt32());                // one step: a point, not nothing
        Assert.StartsWith("trial 13 Pruned", result.GetProperty("curveTooltip").GetString());

        var parallel = result.GetProperty("parallel");
        Assert.Equal(12, parallel.GetProperty("lines").GetInt32());
        Assert.Equal(["sgd", "adam", "rmsprop"], Texts(parallel, "opt"));              // as given, not sorted
        Assert.Equal(["1e-5", "0.0001", "0.001", "0.01", "0.1", "1"], Texts(parallel, "lr"));
        Assert.Equal(["1", "2", "3", "4", "5"], Texts(parallel, "units"));
        Assert.Equal(["1", "10", "100"], Texts(parallel, "objective"));
        Assert.Equal(["objective", "lr"], Texts(parallel, "logNotes"));

        // Brushing units 2.6–5 keeps exactly the completed trials with 3, 4 or 5 units in the table.
        var told = result.GetProperty("told").EnumerateArray().ToList();
        var expected = told.Where(t => t.GetProperty("units").GetInt32() >= 3).Select(t => t.GetProperty("units").GetInt32()).Order();
        var brushed = result.GetProperty("brushed");
        Assert.Equal(expected, brushed.GetProperty("units").EnumerateArray().Select(u => u.GetInt32()).Order());
        Assert.Equal(told.Count - expected.Count(), brushed.GetProperty("dimmed").GetInt32());
        Assert.Equal(14, result.GetProperty("unbrushed").GetProperty("rows").GetInt32());   // Escape clears the brush
        // The same from the keyboard: ↓ four times on the units axis keeps units 1–3.4; Delete clears; focus stays.
        var keyboard = result.GetProperty("keyboardBrush");
        Assert.Equal(told.Where(t => t.GetProperty("units").GetInt32() <= 3).Select(t => t.GetProperty("units").GetInt32()).Order(),
            keyboard.GetProperty("units").EnumerateArray().Select(u => u.GetInt32()).Order());
        Assert.Equal("units", keyboard.GetProperty("focused").GetString());
        Assert.Equal(14, keyboard.GetProperty("cleared").GetInt32());

        var slice = result.GetProperty("slice");
        Assert.Equal(["sgd", "adam", "rmsprop"], Texts(slice, "xTicks"));
        Assert.Equal(12, slice.GetProperty("points").GetInt32());
        var contour = result.GetProperty("contour");
        Assert.Equal(["1e-5", "0.0001", "0.001", "0.01", "0.1", "1"], Texts(contour, "xTicks"));
        Assert.Equal(["1", "2", "3", "4", "5"], Texts(contour, "yTicks"));
        Assert.Equal(28 * 28, contour.GetProperty("cells").GetInt32());
        Assert.Equal(12, contour.GetProperty("points").GetInt32());
        Assert.Equal(1, result.GetProperty("edf").GetProperty("line").GetInt32());
        Assert.Equal("true", result.GetProperty("edf").GetProperty("log").GetString());
        Assert.Equal(3, result.GetProperty("importance").GetArrayLength());
    }

    private static void The_page_has_a_dark_theme_fits_1280_pixels_and_works_from_the_keyboard(JsonElement result)
    {
        var layout = result.GetProperty("layout");
        Assert.Equal(layout.GetProperty("innerWidth").GetInt32(), layout.GetProperty("scrollWidth").GetInt32());   // no sideways scrolling
        var dark = result.GetProperty("dark");
        Assert.Equal("dark", dark.GetProperty("theme").GetString());
        Assert.Equal("rgb(20, 23, 31)", dark.GetProperty("background").GetString());
        Assert.Equal("dark", result.GetProperty("darkAfterReload").GetString());
        Assert.Equal("spread", result.GetProperty("keyboard").GetProperty("reached").GetString());
        Assert.EndsWith("#/tuning-jobs/spread", result.GetProperty("keyboard").GetProperty("address").GetString());
    }
}
