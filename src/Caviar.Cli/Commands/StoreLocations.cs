using Caviar.Storage;
using Caviar.Storage.Postgres;
using Caviar.Storage.Sqlite;

namespace Caviar.Cli.Commands;

/// <summary>Opens a store from where it is: a postgres:// URL, or else the path of a SQLite file.</summary>
internal static class StoreLocations
{
    public static IStudyStore Open(string location) =>
        PostgresUrl.IsPostgres(location) ? PostgresStudyStore.Open(location) : SqliteStudyStore.Open(location);
}
