using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>The dashboard end to end: the real API serves it, headless Chromium runs its scripts against the API.</summary>
public class DashboardTests
{
    /// <summary>Starts the API and a tuning job "charted" of 6 trials, each a training job of 3 epochs (logs, metrics, files).</summary>
    private static async Task<ApiServer> WithChartedJobAsync()
    {
        var server = await ApiServer.StartAsync();
        string spec = JsonSerializer.Serialize(new
        {
            name = "charted",
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[] { "/bin/bash", "-c", ShellJobs.CheckpointingCounter },
                metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
                environment = new Dictionary<string, string> { ["EPOCHS"] = "3" },
            },
            strategy = "Random",
            hyperParameterRanges = new object[]
            {
                new { type = "integer", name = "width", minValue = 1, maxValue = 64 },
                new { type = "categorical", name = "act", values = new[] { "relu", "tanh" } },
            },
            limits = new { maxTrials = 6, maxParallel = 2 },
        });
        var created = await server.Client.PostAsync("/api/tuning-jobs", new StringContent(spec, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Eventually.True(() => server.Client.GetStringAsync("/api/tuning-jobs/charted").Result.Contains("\"Completed\":6"));

        return server;
    }

    [Fact]
    [Trait("Needs", "chromium")]
    public async Task The_dashboard_shows_jobs_trials_and_every_chart_in_headless_chromium()
    {
        await using var server = await WithChartedJobAsync();
        var result = await PlaywrightScript.RunAsync("click-through.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token,
            server.Directory.File("dashboard.png"));
        var shown = result.GetProperty("shown").GetProperty("charted");
        Assert.Equal(6, shown.GetProperty("rows").GetInt32());
        Assert.Equal(6, shown.GetProperty("points").GetInt32());      // optimization history
        Assert.Equal(6, shown.GetProperty("lines").GetInt32());       // parallel coordinates
        Assert.Equal(2, shown.GetProperty("bars").GetInt32());        // importance of width and act
        Assert.Equal(6, shown.GetProperty("curves").GetInt32());      // intermediate values
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.StartsWith("Best: trial", shown.GetProperty("best").GetString());
        Assert.True(new FileInfo(server.Directory.File("dashboard.png")).Length > 10_000);
    }

    [Fact]
    [Trait("Needs", "chromium")]
    public async Task The_trials_table_sorts_and_filters_by_every_column_and_a_trial_page_offers_its_job()
    {
        await using var server = await WithChartedJobAsync();
        var result = await PlaywrightScript.RunAsync("table-and-trial.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token,
            "charted", server.Directory.Path);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        List<string> Texts(string name) => result.GetProperty(name).EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(["compare", "#", "state", "value", "width", "act", "duration (s)", "started", "failure reason"], Texts("headers"));
        Assert.Equal(["0", "1", "2", "3", "4", "5"], Texts("numbers"));
        var widths = Texts("widthAscending").Select(int.Parse).ToList();
        Assert.Equal(widths.Order(), widths);                                    // numerically, not as text
        Assert.Equal("ascending", result.GetProperty("widthSort").GetString());
        Assert.Equal(widths.AsEnumerable().Reverse(), Texts("widthDescending").Select(int.Parse));
        var byKeyboard = result.GetProperty("byKeyboard");
        Assert.Equal(["0", "1", "2", "3", "4", "5"], byKeyboard.GetProperty("numbers").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("ascending", byKeyboard.GetProperty("sort").GetString());
        var trials = JsonDocument.Parse(await server.Client.GetStringAsync("/api/tuning-jobs/charted/trials")).RootElement.EnumerateArray().ToList();
        int Count(Func<JsonElement, bool> test) => trials.Count(test);
        Assert.Equal(Count(t => t.GetProperty("params").GetProperty("act").GetString() == "relu"), Texts("relu").Count);
        Assert.All(Texts("relu"), a => Assert.Equal("relu", a));
        Assert.Equal(Count(t => t.GetProperty("params").GetProperty("width").GetInt32() >= 32), Texts("wide").Count);
        Assert.All(Texts("wide"), w => Assert.True(int.Parse(w) >= 32));
        Assert.Equal(Count(t => t.GetProperty("params").GetProperty("width").GetInt32() is >= 10 and <= 40), Texts("middle").Count);
        Assert.Equal(6, Texts("completed").Count);
        Assert.Equal(0, result.GetProperty("none").GetProperty("rows").GetInt32());
        Assert.StartsWith("0 of 6 trials", result.GetProperty("none").GetProperty("count").GetString());
        Assert.All(Texts("durations"), d => Assert.True(double.Parse(d, System.Globalization.CultureInfo.InvariantCulture) >= 0));
        Assert.All(Texts("started"), s => Assert.NotEmpty(s));

        var trial = result.GetProperty("trial");
        Assert.EndsWith("#/tuning-jobs/charted/trials/1", trial.GetProperty("address").GetString());
        Assert.Equal("charted — trial 1 (Completed)", trial.GetProperty("title").GetString());
        Assert.Contains("width", trial.GetProperty("params").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("epoch=3 loss=0.3333", trial.GetProperty("log").GetString());
        Assert.Equal(1, trial.GetProperty("metricCharts").GetInt32());            // loss, 3 steps
        Assert.Equal(1, trial.GetProperty("metricPoints").GetInt32());
        Assert.Equal(1, trial.GetProperty("curve").GetInt32());                   // the trial's intermediate values
        Assert.Contains("model/model.txt", trial.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var download = result.GetProperty("download");
        Assert.Equal("model.txt", download.GetProperty("name").GetString());
        Assert.Equal("done\n", download.GetProperty("content").GetString());
        Assert.DoesNotContain(ApiServer.Token, download.GetProperty("address").GetString());
    }

    [Fact]
    [Trait("Needs", "chromium")]
    public async Task Without_a_token_the_page_asks_for_one_and_reads_nothing()
    {
        await using var server = await ApiServer.StartAsync();
        string dom = HeadlessChromium.DumpDom(server.Client.BaseAddress!.ToString(), server.Directory.File("chromium"));
        Assert.Matches("<form id=\"signin\">", dom);      // shown: no longer hidden
        Assert.Contains("no token given yet", dom);
    }
}
