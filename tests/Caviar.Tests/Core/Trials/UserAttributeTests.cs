using System.Text.Json;
using Caviar.Server;
using Caviar.Storage.Sqlite;
using Caviar.Studies;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;
using Microsoft.Data.Sqlite;

namespace Caviar.Tests.Studies;

/// <summary>User attributes set from an objective: kept by a store written before they existed, shown by export, describe and the API.</summary>
public class UserAttributeTests
{
    private static void TuneWithAttributes(string db)
    {
        using var store = SqliteStudyStore.Open(db);
        var study = Study.Create(store, "attrs", ObjectiveDirection.Minimize, new StudyOptions { Seed = 1 });
        study.Optimize(trial =>
        {
            double x = trial.SuggestFloat("x", 0, 1);
            trial.SetAttribute("fold_count", 5);
            trial.SetAttribute("phase", trial.Number == 0 ? "warm-up" : "search");
            return x;
        }, new TuningLimits { MaxTrials = 2 });
    }

    [Fact]
    public void A_schema_3_store_gains_the_attribute_table_and_keeps_its_trials()
    {
        using var dir = new TempDirectory();
        using (var store = SqliteStudyStore.Open(dir.File("old.db")))
        {
            var study = store.CreateStudy("old", ObjectiveDirection.Minimize, DateTimeOffset.UtcNow);
            store.FinishTrial(store.CreateTrial(study.Id, DateTimeOffset.UtcNow).Id, TrialState.Completed, 1.5, DateTimeOffset.UtcNow);
        }
        using (var connection = new SqliteConnection($"Data Source={dir.File("old.db")};Pooling=false"))
        {
            connection.Open();
            using var downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE trial_user_attributes; ALTER TABLE trials DROP COLUMN curve_rewrites; UPDATE schema_version SET version = 3;";
            downgrade.ExecuteNonQuery();
        }

        using var reopened = SqliteStudyStore.Open(dir.File("old.db"));
        var old = Study.Load(reopened, "old");
        Assert.Equal((1.5, 0), (old.Trials.Single().Value!.Value, old.Trials.Single().UserAttributes.Count));
        var trial = old.Ask();
        trial.SetAttribute("kept", true);
        Assert.Equal(true, old.Tell(trial, 2).UserAttributes["kept"]);
    }

    [Fact]
    public void Export_describe_and_the_api_show_the_attributes()
    {
        using var dir = new TempDirectory();
        TuneWithAttributes(dir.File("caviar.db"));

        var csv = CliRunner.Run(dir.Path, "export", "attrs", "--store", dir.File("caviar.db"));
        Assert.True(csv.ExitCode == 0, csv.All);
        var lines = csv.Output.Trim().Split('\n');
        Assert.Contains("attr_fold_count,attr_phase", lines[0]);
        Assert.Contains(",5,warm-up,", lines[1]);

        var describe = CliRunner.Run(dir.Path, "describe", "attrs", "--store", dir.File("caviar.db"), "--json");
        Assert.True(describe.ExitCode == 0, describe.All);
        using var json = JsonDocument.Parse(describe.Output);
        var attributes = json.RootElement.GetProperty("trials")[1].GetProperty("userAttributes");
        Assert.Equal((5, "search"), (attributes.GetProperty("fold_count").GetInt32(), attributes.GetProperty("phase").GetString()));

        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        var view = JsonSerializer.SerializeToElement(TuningJobEndpoints.TrialView(Study.Load(store, "attrs").Trials[0]));
        Assert.Equal("warm-up", view.GetProperty("userAttributes").GetProperty("phase").GetString());
        Assert.Contains("attributes {fold_count=5, phase=warm-up}", Study.Load(store, "attrs").Trials[0].ToString());
    }
}
