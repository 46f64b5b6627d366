using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>Playwright (tests/dashboard-e2e) clicks through the dashboard in Debian's headless Chromium.</summary>
public class PlaywrightDashboardTests
{
    private static readonly (string Name, int Trials)[] Jobs = [("first", 5), ("second", 7)];

    [Fact]

    [Trait("Needs", "chromium")]
    public async Task Clicking_each_job_shows_its_trials_and_charts()
    {
        await using var server = await ApiServer.StartAsync();
        foreach (var (name, trials) in Jobs)
        {
            string spec = JsonSerializer.Serialize(new
            {
                name, objective = new { function = "branin" }, strategy = "Random", limits = new { maxTrials = trials },
            });
            var created = await server.Client.PostAsync("/api/tuning-jobs", new StringContent(spec, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            await Eventually.True(() => server.Client.GetStringAsync($"/api/tuning-jobs/{name}").Result.Contains($"\"Completed\":{trials}"));
        }

        var result = await PlaywrightScript.RunAsync("click-through.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token,
            server.Directory.File("clicked.png"));
        Assert.Equal(Jobs.Select(j => j.Name), result.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()));
        foreach (var (name, trials) in Jobs)
        {
            var job = result.GetProperty("shown").GetProperty(name);
            Assert.Equal(trials, job.GetProperty("rows").GetInt32());
            Assert.Equal(trials, job.GetProperty("points").GetInt32());
            Assert.Equal(trials, job.GetProperty("lines").GetInt32());
            Assert.Equal(2, job.GetProperty("bars").GetInt32());
            // Trial numbers on x are whole numbers (no 0.5); value ticks all differ; objective, x1 and x2 axes, each with
            // its own tick values.
            var xTicks = job.GetProperty("historyXTicks").EnumerateArray().Select(t => t.GetString()!).ToList();
            Assert.All(xTicks, t => Assert.Matches("^-?[0-9]+$", t));
            Assert.Contains("0", xTicks);
            var yTicks = job.GetProperty("historyYTicks").EnumerateArray().Select(t => t.GetString()!).ToList();
            Assert.True(yTicks.Count >= 3, string.Join(" ", yTicks));
            Assert.Equal(yTicks.Count, yTicks.Distinct().Count());
            Assert.Equal(3, job.GetProperty("parallelAxes").GetInt32());
            var axisTicks = job.GetProperty("parallelTicks");
            Assert.Equal(["-5", "0", "5", "10"], axisTicks.GetProperty("x1").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(["0", "5", "10", "15"], axisTicks.GetProperty("x2").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(["no intermediate values reported"], job.GetProperty("curvesNote").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(name, job.GetProperty("selected").GetString());
            Assert.EndsWith($"#/tuning-jobs/{name}", job.GetProperty("address").GetString());
            Assert.StartsWith($"{name} — Minimize, {trials} trials", job.GetProperty("title").GetString());
        }
        Assert.True(new FileInfo(server.Directory.File("clicked.png")).Length > 10_000);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    [Trait("Needs", "chromium")]
    public async Task The_page_follows_a_running_study_without_reloading_and_every_view_keeps_its_address()
    {
        await using var server = await ApiServer.StartAsync();
        var result = await PlaywrightScript.RunAsync("live.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token, server.Directory.Path);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        var before = result.GetProperty("before");
        Assert.Equal(0, before.GetProperty("rows").GetInt32());
        Assert.Equal(1, before.GetProperty("jobs").GetInt32());

        var during = result.GetProperty("during");            // told while the page was open: shown without a reload
        Assert.Equal(4, during.GetProperty("rows").GetInt32());
        Assert.Equal(3, during.GetProperty("historyPoints").GetInt32());
        Assert.Equal(3, during.GetProperty("completedCurves").GetInt32());
        Assert.Equal(1, during.GetProperty("prunedPoints").GetInt32());   // pruned after one step: a point of its own
        Assert.StartsWith("trial 3 Pruned", during.GetProperty("prunedTip").GetString());
        Assert.Equal("live — Minimize, 4 trials", during.GetProperty("title").GetString());
        var afterCreate = result.GetProperty("afterCreate");
        Assert.Equal(["live", "later"], afterCreate.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()).Order().Reverse());
        Assert.True(afterCreate.GetProperty("notReloaded").GetBoolean());

        string url = server.Client.BaseAddress!.ToString();
        var reloaded = result.GetProperty("reloaded");        // the address names the view; the token is not asked again
        Assert.False(reloaded.GetProperty("asked").GetBoolean());
        Assert.Equal(url + "#/tuning-jobs/live", reloaded.GetProperty("address").GetString());
        Assert.Equal("live — Minimize, 4 trials", reloaded.GetProperty("title").GetString());
        Assert.Equal(4, reloaded.GetProperty("rows").GetInt32());
        Assert.Equal("live", reloaded.GetProperty("selected").GetString());
        var trialPage = result.GetProperty("trialPage");
        Assert.Equal(url + "#/tuning-jobs/live/trials/0", trialPage.GetProperty("address").GetString());
        Assert.Equal("live — trial 0 (Completed)", trialPage.GetProperty("title").GetString());
        Assert.False(trialPage.GetProperty("asked").GetBoolean());
        Assert.Contains("lr", trialPage.GetProperty("params").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(url + "#/tuning-jobs/live", result.GetProperty("back").GetProperty("address").GetString());
        Assert.Equal(ApiServer.Token, result.GetProperty("stored").GetProperty("session").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("stored").GetProperty("local").ValueKind);
    }

    [Fact]
    [Trait("Needs", "chromium")]
    public async Task A_training_job_is_followed_live_and_stopped_from_its_page_and_trials_compare_side_by_side()
    {
        await using var server = await ApiServer.StartAsync();
        string spec = JsonSerializer.Serialize(new
        {
            name = "slow",
            command = new[] { "/bin/bash", "-c", "for e in $(seq 1 300); do echo \"epoch=$e loss=$(awk \"BEGIN { print 1/$e }\")\"; sleep 0.3; done" },
            metricDefinitions = new[] { new { name = "loss", regex = Caviar.Tests.Jobs.ShellJobs.Loss.Regex } },
        });
        var created = await server.Client.PostAsync("/api/training-jobs", new StringContent(spec, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var result = await PlaywrightScript.RunAsync("training-and-compare.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token,
            server.Directory.Path);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(["slow"], result.GetProperty("listed").EnumerateArray().Select(j => j.GetString()));
        var first = result.GetProperty("first");
        Assert.EndsWith("#/training-jobs/slow", first.GetProperty("address").GetString());
        Assert.Equal("slow — Running, 1 attempt", first.GetProperty("title").GetString());
        var later = result.GetProperty("later");               // the log grew by two epochs while the page stayed open
        Assert.Contains($"epoch={first.GetProperty("lastEpoch").GetInt32() + 2} ", later.GetProperty("log").GetString());
        Assert.True(later.GetProperty("notReloaded").GetBoolean());
        Assert.True(later.GetProperty("lossPoints").GetInt32() >= first.GetProperty("lastEpoch").GetInt32() + 2);
        Assert.True(later.GetProperty("stopShown").GetBoolean());
        var system = later.GetProperty("system");   // the runner's samples, apart from the job's own metrics
        Assert.Equal(["CPU use (% of one core)", "resident memory (MiB)"], system.GetProperty("captions").EnumerateArray().Select(c => c.GetString()).Order());
        Assert.Equal("sample", system.GetProperty("xTitle").GetString());
        Assert.Equal(["Training job", "Metrics", "System metrics", "Logs", "Files"], system.GetProperty("headings").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("slow — Stopped, 1 attempt", result.GetProperty("stopped").GetProperty("title").GetString());
        Assert.False(result.GetProperty("stopped").GetProperty("stopShown").GetBoolean());

        Assert.True(result.GetProperty("disabledAlone").GetBoolean());     // one trial is not a comparison
        Assert.True(result.GetProperty("enabledWithTwo").GetBoolean());
        var compared = result.GetProperty("compared");
        Assert.EndsWith("#/tuning-jobs/cmp/compare/0,2", compared.GetProperty("address").GetString());
        var rows = compared.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()).ToList()).ToList();
        Assert.Equal(["trial", "0", "2"], rows[0]);
        Assert.Equal(["value", "0.333333", "1"], rows.Single(r => r[0] == "value"));
        Assert.Contains(rows, r => r[0] == "n");
        Assert.Equal(2, compared.GetProperty("curves").GetInt32());
    }
}
