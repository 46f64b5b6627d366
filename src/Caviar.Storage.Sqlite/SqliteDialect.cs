using System.Data.Common;
using Caviar.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Caviar.Storage.Sqlite;

/// <summary>SQLite: BEGIN IMMEDIATE takes the file's write lock up front, so numbering needs no other lock.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public override string CreateTables => """
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

    public override DbTransaction BeginWrite(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);
}
