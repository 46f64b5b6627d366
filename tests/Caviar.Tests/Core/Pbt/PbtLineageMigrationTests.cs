using Caviar.Pbt;
using Caviar.Storage.Sqlite;
using Caviar.Studies;
using Caviar.Tests.Support;
using Caviar.Trials;
using Microsoft.Data.Sqlite;

namespace Caviar.Tests.Pbt;

/// <summary>Schema 6 adds pbt_lineage; a store of schema 5 (without it) still opens, keeps its trials and takes a lineage.</summary>
public class PbtLineageMigrationTests
{
    [Fact]
    public void A_schema_5_store_gains_the_lineage_table_and_keeps_its_trials()
    {
        using var dir = new TempDirectory();
        using (var store = SqliteStudyStore.Open(dir.File("old.db")))
        {
            var study = store.CreateStudy("old", ObjectiveDirection.Minimize, DateTimeOffset.UnixEpoch);
            store.FinishTrial(store.CreateTrial(study.Id, DateTimeOffset.UnixEpoch).Id, TrialState.Completed, 1.5, DateTimeOffset.UnixEpoch);
        }
        using (var connection = new SqliteConnection($"Data Source={dir.File("old.db")};Pooling=false"))
        {
            connection.Open();
            using var downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE pbt_lineage; ALTER TABLE trials DROP COLUMN curve_rewrites; UPDATE schema_version SET version = 5;";
            downgrade.ExecuteNonQuery();
        }

        using var reopened = SqliteStudyStore.Open(dir.File("old.db"));
        var old = Study.Load(reopened, "old");
        Assert.Equal(1.5, old.Trials.Single().Value);
        reopened.AddPbtEntries(old.Record.Id, [new PbtLineageEntry(0, 0, null, new Dictionary<string, object> { ["lr"] = 0.1 })]);
        Assert.Equal(0.1, reopened.GetPbtLineage(old.Record.Id).Single().HyperParameters["lr"]);
    }
}
