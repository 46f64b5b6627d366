using System.Text.Json;

namespace Caviar.Tests.Server;

/// <summary>Starting a job from the dashboard's form, in headless Chromium (tests/dashboard-e2e/start-job.mjs).</summary>
public class DashboardStartJobTests
{
    // Two bad fields (the API refuses both at once): the strategy on line 3, maxTrials on line 4.
    private const string Bad = """
        {
          "name": "from-form", "objective": { "function": "branin" },
          "strategy": "annealing",
          "limits": { "maxTrials": 0, "maxParallel": 2 }
        }
        """;

    private const string Good = """
        {
          "name": "from-form", "objective": { "function": "branin" },
          "strategy": "Random",
          "limits": { "maxTrials": 3, "maxParallel": 1 }
        }
        """;

    [Fact]
    [Trait("Needs", "chromium")]
    public async Task A_bad_spec_shows_each_error_beside_its_line_and_a_good_one_starts_the_job()
    {
        await using var server = await ApiServer.StartAsync();
        var result = await PlaywrightScript.RunAsync("start-job.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token,
            Bad, Good, server.Directory.Path);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.EndsWith("#/new", result.GetProperty("address").GetString());
        var refused = result.GetProperty("refused").EnumerateArray().ToList();
        Assert.Equal(["strategy", "limits.maxTrials"], refused.Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(["3", "4"], refused.Select(e => e.GetProperty("line").GetString()));
        Assert.All(refused, e => Assert.Matches(@"^line \d — [\w.]+: .+", e.GetProperty("text").GetString()!));
        Assert.Equal([3, 4], result.GetProperty("marked").EnumerateArray().Select(l => l.GetInt32()));
        Assert.Equal(0, result.GetProperty("jobsAfterRefusal").GetInt32());
        var started = result.GetProperty("started");
        Assert.EndsWith("#/tuning-jobs/from-form", started.GetProperty("address").GetString());
        Assert.StartsWith("from-form", started.GetProperty("title").GetString());
        Assert.Contains("from-form", started.GetProperty("listed").EnumerateArray().Select(n => n.GetString()));
        var job = JsonDocument.Parse(await server.Client.GetStringAsync("/api/tuning-jobs/from-form")).RootElement;
        Assert.Equal("from-form", job.GetProperty("name").GetString());
    }
}
