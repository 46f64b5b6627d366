using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>The dashboard end to end: the real API serves it, headless Chromium runs its scripts against the API.</summary>
public class DashboardTests
{
    [Fact]
    public async Task The_dashboard_shows_jobs_trials_and_every_chart_in_headless_chromium()
    {
        await using var server = await ApiServer.StartAsync();
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
    public async Task Without_a_token_the_page_asks_for_one_and_reads_nothing()
    {
        await using var server = await ApiServer.StartAsync();
        string dom = HeadlessChromium.DumpDom(server.Client.BaseAddress!.ToString(), server.Directory.File("chromium"));
        Assert.Matches("<form id=\"signin\">", dom);      // shown: no longer hidden
        Assert.Contains("no token given yet", dom);
    }
}
