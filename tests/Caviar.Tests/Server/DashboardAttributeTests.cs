using Caviar.Storage.Sqlite;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.Server;

/// <summary>User attributes (trial.SetAttribute) as the API gives them and as the dashboard shows them.</summary>
public class DashboardAttributeTests
{
    /// <summary>Five trials; trial i has epochs = i + 1, device cpu (even i) or gpu (odd i), and trial 2 a note.</summary>
    private static void StoreStudy(string database)
    {
        using var store = SqliteStudyStore.Open(database);
        var study = Study.Create(store, "attrs", ObjectiveDirection.Minimize, new StudyOptions { Strategy = new RandomSearch(), Seed = 3 });
        for (int i = 0; i < 5; i++)
        {
            var trial = study.Ask();
            double x = trial.SuggestFloat("x", 0, 1);
            trial.SetAttribute("epochs", 5 - i);
            trial.SetAttribute("device", i % 2 == 0 ? "cpu" : "gpu");
            if (i == 2) trial.SetAttribute("note", "restarted once");
            study.Tell(trial, x);
        }
    }

    [Fact]
    public async Task The_API_gives_each_trials_user_attributes()
    {
        await using var server = await ApiServer.StartAsync();
        StoreStudy(server.Directory.File("caviar.db"));
        var trials = System.Text.Json.JsonDocument.Parse(await server.Client.GetStringAsync("/api/tuning-jobs/attrs/trials"))
            .RootElement.EnumerateArray().ToList();
        Assert.Equal(5, trials.Count);
        var third = trials.Single(t => t.GetProperty("number").GetInt32() == 2).GetProperty("userAttributes");
        Assert.Equal(3, third.GetProperty("epochs").GetInt64());
        Assert.Equal("cpu", third.GetProperty("device").GetString());
        Assert.Equal("restarted once", third.GetProperty("note").GetString());
    }

    [Fact]
    [Trait("Needs", "chromium")]
    public async Task User_attributes_are_sortable_filterable_columns_and_are_listed_on_the_trial_page()
    {
        await using var server = await ApiServer.StartAsync();
        StoreStudy(server.Directory.File("caviar.db"));
        var result = await PlaywrightScript.RunAsync("attributes.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token,
            "attrs", server.Directory.Path);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        List<string> Texts(System.Text.Json.JsonElement e) => e.EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(["compare", "#", "state", "value", "x", "device", "epochs", "note", "duration (s)", "started", "failure reason"],
            Texts(result.GetProperty("headers")));
        Assert.Equal(["1", "2", "3", "4", "5"], Texts(result.GetProperty("epochsAscending")));   // numerically sorted
        Assert.Equal(["cpu", "cpu", "cpu"], Texts(result.GetProperty("cpu")));
        Assert.Equal(["3", "4", "5"], Texts(result.GetProperty("manyEpochs")));
        var trial = result.GetProperty("trial");
        Assert.Equal(["device", "epochs", "note"], Texts(trial.GetProperty("names")));
        Assert.Equal(["cpu", "3", "restarted once"], Texts(trial.GetProperty("values")));
    }
}
