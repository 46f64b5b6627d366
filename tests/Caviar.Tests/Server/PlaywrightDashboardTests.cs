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
            // First and last trial number on x, lowest, middle and highest value on y; objective, x1 and x2 axes.
            var ticks = job.GetProperty("historyTicks").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.Equal(["0", $"{trials - 1}"], ticks.Take(2));
            Assert.Equal(5, ticks.Count);
            Assert.Equal(3, job.GetProperty("parallelAxes").GetInt32());
            Assert.Equal(["no intermediate values reported"], job.GetProperty("curvesNote").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(name, job.GetProperty("selected").GetString());
            Assert.StartsWith($"{name} — Minimize, {trials} trials", job.GetProperty("title").GetString());
        }
        Assert.True(new FileInfo(server.Directory.File("clicked.png")).Length > 10_000);
    }
}
