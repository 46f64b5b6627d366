using Caviar.Storage.Sqlite;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.Server;

/// <summary>The dashboard on a study of 10,000 trials, measured in headless Chromium (tests/dashboard-e2e/big-study.mjs).</summary>
public class DashboardPerformanceTests
{
    public const int Trials = 10_000;

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

    [Fact]
    public async Task A_study_of_10000_trials_is_drawn_in_under_2_seconds_and_sorts_and_filters_quickly()
    {
        await using var server = await ApiServer.StartAsync();
        StoreBigStudy(server.Directory.File("caviar.db"));
        var result = await PlaywrightScript.RunAsync("big-study.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token, "big",
            Trials.ToString(), server.Directory.File("big.png"));
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        var counts = result.GetProperty("counts");
        Assert.Equal(Trials - Trials / 100, counts.GetProperty("points").GetInt32());
        Assert.Equal(50, counts.GetProperty("rows").GetInt32());                   // one page of the table
        Assert.StartsWith($"{Trials} of {Trials} trials", counts.GetProperty("count").GetString());
        // From the start of navigation (a reload) to every chart and the table drawn, the page's own clock.
        var loads = result.GetProperty("loads").EnumerateArray().Select(l => l.GetProperty("drawnMs").GetDouble()).ToList();
        Assert.True(loads[^1] < 2000, $"drawn after {string.Join(", ", loads)} ms");
        Assert.True(result.GetProperty("sortMs").GetInt32() < 1000, $"sorting took {result.GetProperty("sortMs")} ms");
        Assert.True(result.GetProperty("filterMs").GetInt32() < 1000, $"filtering took {result.GetProperty("filterMs")} ms");
    }
}
