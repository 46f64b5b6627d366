using Caviar.Storage.Sqlite;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.Server;

/// <summary>Runs alone, so this process's CPU time is the server's (no other test's work counted with it).</summary>
[CollectionDefinition(nameof(DashboardPerformanceCollection), DisableParallelization = true)]
public sealed class DashboardPerformanceCollection;

/// <summary>
/// The dashboard on a study of 10,000 trials, measured in headless Chromium (tests/dashboard-e2e/big-study.mjs). The
/// budget (2 s) is checked on CPU time: the server's for the event stream's first snapshot plus all of Chromium's for
/// opening the study; wall time is reported too, but on a machine shared with other builds it measures the neighbours.
/// </summary>
[Collection(nameof(DashboardPerformanceCollection))]
public class DashboardPerformanceTests
{
    public const int Trials = 10_000;

    /// <summary>The wall-time bound for drawing the study on this shared 2-core machine (see the test: 2 s on a quiet one).</summary>
    private const double WallBoundMs = 6000;

    /// <summary>10,000 trials of three parameters; every tenth reports two intermediate values, every hundredth fails.</summary>
    private static void StoreBigStudy(string database)
    {
        using var store = SqliteStudyStore.Open(database);
        var study = Study.Create(store, "big", ObjectiveDirection.Minimize, new StudyOptions { Strategy = new RandomSearch(), Seed = 1 });
        for (int i = 0; i < Trials; i++)
        {
            var trial = study.Ask();
            double lr = trial.SuggestFloat("lr", 1e-5, 1, Caviar.SearchSpaces.ScalingType.Logarithmic);
            long layers = trial.SuggestInt("layers", 1, 8);
            string act = trial.SuggestCategorical("act", "relu", "tanh", "gelu");
            double value = Math.Abs(Math.Log10(lr) + 3) + layers * 0.1 + (act == "relu" ? 0 : 0.5);
            if (i % 10 == 0)
            {
                trial.Report(1, value * 2);
                trial.Report(2, value * 1.5);
            }
            if (i % 100 == 99) study.Tell(trial, TrialState.Failed, "diverged");
            else study.Tell(trial, value);
        }
    }

    /// <summary>The CPU time this process (the server) spends until the event stream has sent every trial, and the size of that event's data.</summary>
    private static async Task<(double CpuMs, int Bytes)> ServerCpuForFirstSnapshotAsync(ApiServer server)
    {
        var before = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        using var response = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/events?tuningJob=big"),
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line && line != "event: trials") { }
        string data = (await reader.ReadLineAsync())!;
        Assert.Contains("\"snapshot\":true", data);
        return ((System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds, System.Text.Encoding.UTF8.GetByteCount(data));
    }

    [Fact]
    [Trait("Needs", "chromium")]
    public async Task A_study_of_10000_trials_is_drawn_in_under_2_seconds_and_sorts_and_filters_quickly()
    {
        await using var server = await ApiServer.StartAsync();
        StoreBigStudy(server.Directory.File("caviar.db"));
        var (serverCpuMs, snapshotBytes) = await ServerCpuForFirstSnapshotAsync(server);
        var result = await PlaywrightScript.RunAsync("big-study.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token, "big",
            Trials.ToString(), server.Directory.File("big.png"));
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        var counts = result.GetProperty("counts");
        Assert.Equal(Trials - Trials / 100, counts.GetProperty("points").GetInt32());
        Assert.Equal(50, counts.GetProperty("rows").GetInt32());                   // one page of the table
        Assert.StartsWith($"{Trials} of {Trials} trials", counts.GetProperty("count").GetString());
        // Opening the study from the start page until every chart and the table are drawn: the browser's CPU time plus
        // the server's for the data.
        var opened = result.GetProperty("opened").EnumerateArray().ToList();
        double browserCpuMs = opened[^1].GetProperty("browserCpuMs").GetDouble();
        string report = $"server {serverCpuMs:F0} ms + browser {browserCpuMs:F0} ms CPU; wall {opened[^1].GetProperty("wallMs")} ms; "
            + $"reloads drawn after {string.Join(", ", result.GetProperty("loads").EnumerateArray().Select(l => l.GetProperty("drawnMs")))} ms, "
            + $"painted after {string.Join(", ", result.GetProperty("loads").EnumerateArray().Select(l => l.GetProperty("paintedMs")))} ms; "
            + $"snapshot {snapshotBytes / 1024} KiB; last load's steps (ms) {result.GetProperty("breakdown")}; "
            + $"drawn when scrolled to {result.GetProperty("scrolled")} ms; tooltip {result.GetProperty("tooltipMs")} ms";
        Assert.True(serverCpuMs + browserCpuMs < 2000, report);
        // Wall time too: from navigation until every chart and the table are drawn and painted (the page's own
        // performance.now() once the frame after drawing has been painted, for a reload; and the script's clock for
        // opening it from the start page). Measured at load 5 on 2 cores (dash, 2026-11-29): painted 0.69–1.2 s after
        // navigation, opened in 0.73–0.97 s; at load 25–30 it swung from 2 to 5 s, so the bound is 6 s — the issue's
        // 2 s holds on a quiet machine, and the CPU budget above is the check that holds it there. Where the time
        // went is printed (DEVELOPERS.md, "Dashboard: several objectives, where a big study's time goes").
        Assert.All(result.GetProperty("loads").EnumerateArray(), l => Assert.True(l.GetProperty("paintedMs").GetDouble() < WallBoundMs, report));
        Assert.True(opened[^1].GetProperty("wallMs").GetDouble() < WallBoundMs, report);
        Assert.True(result.GetProperty("sortMs").GetProperty("wallMs").GetInt32() < WallBoundMs / 2, $"sorting: {result.GetProperty("sortMs")}");
        Console.WriteLine(report + $"; sort {result.GetProperty("sortMs")}, filter {result.GetProperty("filterMs")}");
        // Sorting all 10,000 by value, then filtering them: under a second of the browser's time each.
        Assert.True(result.GetProperty("sortMs").GetProperty("browserCpuMs").GetInt32() < 1000, $"sorting: {result.GetProperty("sortMs")}");
        Assert.True(result.GetProperty("filterMs").GetProperty("browserCpuMs").GetInt32() < 1000, $"filtering: {result.GetProperty("filterMs")}");
    }
}
