using Caviar.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Caviar.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode. Processes sharing the file take turns through
/// BEGIN IMMEDIATE transactions, waiting up to <see cref="BusyTimeout"/> for each other.
/// </summary>
public sealed class SqliteStudyStore : RelationalStudyStore
{
    /// <summary>How long a write waits for another process's transaction before giving up. Default 30 s.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private SqliteStudyStore(SqliteConnection connection) : base(connection, new SqliteDialect()) => Path = connection.DataSource;

    /// <summary>The store file's full path.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) the store file at <paramref name="path"/>.</summary>
    public static SqliteStudyStore Open(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { } folder) Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, ForeignKeys = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }
        return new SqliteStudyStore(connection);
    }
}
