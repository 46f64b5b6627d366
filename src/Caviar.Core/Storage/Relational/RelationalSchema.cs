using System.Data.Common;

namespace Caviar.Storage.Relational;

/// <summary>The schema version every relational store records, so later versions can migrate.</summary>
internal static class RelationalSchema
{
    public const int Version = 1;

    public static void Ensure(DbConnection connection, SqlDialect dialect)
    {
        using var transaction = dialect.BeginWrite(connection);
        Sql.Execute(connection, transaction, dialect.CreateTables);
        object? stored = Sql.Scalar(connection, transaction, "SELECT MAX(version) FROM schema_version");
        if (stored is null or DBNull)
            Sql.Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({Version})");
        else if (Convert.ToInt64(stored) > Version)
            throw new InvalidOperationException(
                $"The store was written by a newer Caviar (schema {stored}, this one knows {Version}).");
        transaction.Commit();
    }
}
