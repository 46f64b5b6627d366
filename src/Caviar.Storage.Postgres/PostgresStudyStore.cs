using Caviar.Storage.Relational;
using Npgsql;

namespace Caviar.Storage.Postgres;

/// <summary>
/// The shared store for many workers on many machines: the same contract as the SQLite store, on PostgreSQL.
/// Open it with a URL, <c>postgres://user:password@host:port/database</c>, or an Npgsql connection string.
/// </summary>
public sealed class PostgresStudyStore : RelationalStudyStore
{
    private PostgresStudyStore(NpgsqlConnection connection) : base(connection, new PostgresDialect()) { }

    /// <summary>
    /// Connects to the database at <paramref name="location"/> (a URL or a connection string; see
    /// <see cref="PostgresUrl"/>) and creates the tables if needed. Frequent statements are prepared on the server
    /// (Npgsql's <c>Max Auto Prepare</c> 32 unless the connection string sets it).
    /// </summary>
    public static PostgresStudyStore Open(string location)
    {
        // Statements repeat for every trial: let Npgsql prepare the frequent ones on the server.
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(location));
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 32;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        return new PostgresStudyStore(connection);
    }
}
