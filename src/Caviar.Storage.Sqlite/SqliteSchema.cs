using Microsoft.Data.Sqlite;

namespace Caviar.Storage.Sqlite;

/// <summary>The tables of the embedded store, created on first open; <c>schema_version</c> allows later migrations.</summary>
internal static class SqliteSchema
{
    public const int Version = 1;

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS studies (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            direction TEXT NOT NULL,
            created_at_ms INTEGER NOT NULL,
            configuration TEXT);
        CREATE TABLE IF NOT EXISTS trials (
            id INTEGER PRIMARY KEY,
            study_id INTEGER NOT NULL REFERENCES studies(id),
            number INTEGER NOT NULL,
            state TEXT NOT NULL,
            value REAL,
            started_at_ms INTEGER NOT NULL,
            finished_at_ms INTEGER,
            failure_reason TEXT,
            UNIQUE (study_id, number));
        CREATE TABLE IF NOT EXISTS trial_params (
            trial_id INTEGER NOT NULL REFERENCES trials(id),
            name TEXT NOT NULL,
            value REAL NOT NULL,
            distribution TEXT NOT NULL,
            PRIMARY KEY (trial_id, name));
        CREATE TABLE IF NOT EXISTS trial_intermediate_values (
            trial_id INTEGER NOT NULL REFERENCES trials(id),
            step INTEGER NOT NULL,
            value REAL,
            PRIMARY KEY (trial_id, step));
        """;

    public static void Ensure(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, CreateTables);
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT MAX(version) FROM schema_version";
        if (read.ExecuteScalar() is long stored)
        {
            if (stored > Version)
                throw new InvalidOperationException(
                    $"The store was written by a newer Caviar (schema {stored}, this one knows {Version}).");
        }
        else
        {
            Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({Version})");
        }
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
