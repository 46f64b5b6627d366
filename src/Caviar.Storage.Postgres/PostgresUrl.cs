using Npgsql;

namespace Caviar.Storage.Postgres;

/// <summary>Turns postgres:// URLs into Npgsql connection strings (other text is taken as one already).</summary>
public static class PostgresUrl
{
    /// <summary>Whether <paramref name="location"/> is a <c>postgres://</c> or <c>postgresql://</c> URL (as opposed to a file path).</summary>
    public static bool IsPostgres(string location) =>
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
        location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The Npgsql connection string of a URL <c>postgres://user:password@host:port/database</c> (port 5432 and
    /// database <c>postgres</c> when left out; escaped characters unescaped); any other text is returned as it is.
    /// </summary>
    public static string ToConnectionString(string location)
    {
        if (!IsPostgres(location)) return location;
        var uri = new Uri(location);
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } database ? Uri.UnescapeDataString(database) : "postgres",
        };
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        return builder.ConnectionString;
    }
}
