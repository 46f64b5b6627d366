using System.Net;
using System.Text.Json;
using Caviar.Pbt;
using Caviar.Trials;
using Caviar.Storage.Sqlite;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Tests.Cli;
using Caviar.Tests.Pbt;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>
/// A population-based training study in the API and on the dashboard (tests/dashboard-e2e/pbt.mjs). The lineage is a
/// real one: `caviar tune` runs a population of 4 script-mode members for 3 rounds (Debian's python3) into the
/// server's SQLite file, so every round after the first has exploits. The page's step lines and copy points are read
/// back in the axes' terms and compared with the lineage the store holds. Set CAVIAR_SCREENSHOTS=/some/dir to keep
/// the page's screenshot (pbt-light.png).
/// </summary>
public class DashboardPbtTests
{
    private const string Job = "pop", Plain = "plain";
    private const int Population = 4, Rounds = 3;

    private static IReadOnlyList<PbtLineageEntry> RunPopulation(TempDirectory dir)
    {
        PbtTuningTests.WriteSpec(dir, Job, Population, maxResource: 2 * Rounds, maxParallel: 2, sleep: 0);
        var run = CliRunner.RunWithin(TimeSpan.FromMinutes(5), dir.Path, "tune", "tune.json");
        Assert.True(run.ExitCode == 0, run.All);
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        var plain = Study.Create(store, Plain, [ObjectiveDirection.Minimize], new StudyOptions { Strategy = new RandomSearch(), Seed = 1 });
        for (int i = 0; i < 5; i++)
        {
            var trial = plain.Ask();
            plain.Tell(trial, Math.Pow(trial.SuggestFloat("x", -1, 1), 2));
        }
        var lineage = store.GetPbtLineage(store.FindStudy(Job)!.Id);
        Assert.Equal(Population * Rounds, lineage.Count);
        Assert.Contains(lineage, e => e.ParentMember is not null);
        return lineage;
    }

    [Fact]
    public async Task The_lineage_endpoint_answers_the_stored_lineage_and_404_naming_a_study_without_one()
    {
        await using var server = await ApiServer.StartAsync();
        var lineage = RunPopulation(server.Directory);

        using var answer = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/tuning-jobs/{Job}/pbt-lineage"));
        var root = answer.RootElement;
        Assert.Equal(Population, root.GetProperty("populationSize").GetInt32());
        Assert.Equal(Rounds, root.GetProperty("rounds").GetInt32());
        Assert.Equal(["lr"], root.GetProperty("hyperParameters").EnumerateArray().Select(n => n.GetString()));
        var entries = root.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(lineage.Count, entries.Count);
        foreach (var (entry, shown) in lineage.Zip(entries))
        {
            Assert.Equal(entry.Member, shown.GetProperty("member").GetInt32());
            Assert.Equal(entry.Round, shown.GetProperty("round").GetInt32());
            Assert.Equal(entry.ParentMember, shown.GetProperty("parentMember").ValueKind == JsonValueKind.Null ? null : shown.GetProperty("parentMember").GetInt32());
            Assert.Equal((double)entry.HyperParameters["lr"], shown.GetProperty("hyperParameters").GetProperty("lr").GetDouble());
            Assert.Equal(entry.Score, shown.GetProperty("score").GetDouble());
        }

        using var job = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/tuning-jobs/{Job}"));
        Assert.True(job.RootElement.GetProperty("pbt").GetBoolean());
        using var plainJob = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/tuning-jobs/{Plain}"));
        Assert.False(plainJob.RootElement.GetProperty("pbt").GetBoolean());

        var none = await server.Client.GetAsync($"/api/tuning-jobs/{Plain}/pbt-lineage");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        using var refusal = JsonDocument.Parse(await none.Content.ReadAsStringAsync());
        Assert.Equal("name", refusal.RootElement.GetProperty("field").GetString());
        Assert.Equal($"tuning job '{Plain}' has no PBT lineage", refusal.RootElement.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/tuning-jobs/absent/pbt-lineage")).StatusCode);
    }

    [Fact]
    [Trait("Needs", "chromium")]
    public async Task A_PBT_study_shows_each_members_schedule_its_copies_and_whom_it_copied()
    {
        await using var server = await ApiServer.StartAsync();
        var lineage = RunPopulation(server.Directory);
        string shots = Environment.GetEnvironmentVariable("CAVIAR_SCREENSHOTS") is { Length: > 0 } kept && Directory.Exists(kept)
            ? kept : server.Directory.Path;
        var result = await PlaywrightScript.RunAsync("pbt.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token, Job, Plain, shots);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.True(result.GetProperty("shown").GetBoolean());
        Assert.False(result.GetProperty("plainShown").GetBoolean());   // shown only for PBT studies
        Assert.Equal(["lr"], result.GetProperty("options").EnumerateArray().Select(o => o.GetString()));

        var chart = result.GetProperty("chart");
        Assert.Equal("lr", chart.GetProperty("parameter").GetString());
        Assert.True(chart.GetProperty("log").GetBoolean());            // lr's range is logarithmic
        Assert.Equal("round", chart.GetProperty("xTitle").GetString());
        Assert.Equal("lr (log scale)", chart.GetProperty("yTitle").GetString());
        var xOf = chart.GetProperty("xTicks").EnumerateArray().ToDictionary(t => (int)t.GetProperty("label").GetDouble(), t => t.GetProperty("px").GetDouble());
        Assert.Equal(Enumerable.Range(0, Rounds + 1), xOf.Keys.Order());
        var yTicks = chart.GetProperty("yTicks").EnumerateArray().Select(t => (Value: t.GetProperty("label").GetDouble(), Px: t.GetProperty("px").GetDouble())).ToList();
        Assert.True(yTicks.Count >= 2, "the value axis has too few ticks to read it back");
        var (low, high) = (yTicks[0], yTicks[^1]);
        double ValueAt(double px) => Math.Pow(10, Math.Log10(low.Value) + (px - low.Px) / (high.Px - low.Px) * (Math.Log10(high.Value) - Math.Log10(low.Value)));

        // One step line per member: round r's value from x(r) to x(r + 1), then the next round's.
        var lines = chart.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("member").GetInt32());
        Assert.Equal(Enumerable.Range(0, Population), lines.Keys.Order());
        Assert.Equal(Population, lines.Values.Select(l => l.GetProperty("stroke").GetString()).Distinct().Count());
        double[][] PointsOf(int member) => lines[member].GetProperty("points").EnumerateArray()
            .Select(p => p.EnumerateArray().Select(c => c.GetDouble()).ToArray()).ToArray();
        foreach (var entry in lineage)
        {
            var points = PointsOf(entry.Member);
            Assert.Equal(2 * Rounds, points.Length);
            var (start, end) = (points[2 * entry.Round], points[2 * entry.Round + 1]);
            Assert.Equal(xOf[entry.Round], start[0], 1e-6);
            Assert.Equal(xOf[entry.Round + 1], end[0], 1e-6);
            Assert.Equal(start[1], end[1]);
            double lr = (double)entry.HyperParameters["lr"];
            Assert.True(Math.Abs(ValueAt(start[1]) / lr - 1) < 1e-6, $"member {entry.Member} round {entry.Round}: drawn {ValueAt(start[1])}, stored {lr}");
        }

        // A point where a member copied another, at the start of its round's step, naming the member copied.
        var copies = chart.GetProperty("copies").EnumerateArray().ToList();
        var exploits = lineage.Where(e => e.ParentMember is not null).ToList();
        Assert.Equal(exploits.Select(e => (e.Member, e.Round, e.ParentMember!.Value)),
            copies.Select(c => (c.GetProperty("member").GetInt32(), c.GetProperty("round").GetInt32(), c.GetProperty("parent").GetInt32())));
        foreach (var copy in copies)
        {
            var start = PointsOf(copy.GetProperty("member").GetInt32())[2 * copy.GetProperty("round").GetInt32()];
            Assert.Equal(start[0], copy.GetProperty("x").GetDouble());
            Assert.Equal(start[1], copy.GetProperty("y").GetDouble());
        }
        var first = exploits[0];
        Assert.StartsWith($"member {first.Member}, round {first.Round}: copied member {first.ParentMember}'s checkpoint, then lr = ",
            result.GetProperty("tooltip").GetString());
    }
}
