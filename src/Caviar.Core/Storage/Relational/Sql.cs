using System.Data.Common;

namespace Caviar.Storage.Relational;

/// <summary>Small helpers for parameterised commands (parameters are written @name in every dialect).</summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql,
        params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Runs the statements and returns how many rows they changed.</summary>
    public static int Execute(DbConnection connection, DbTransaction? transaction, string sql,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(DbConnection connection, DbTransaction? transaction, string sql,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    /// <summary>
    /// Runs the statements (one round trip) and hands every row of every result to <paramref name="row"/>; statements
    /// placed before the query that returns rows must return none.
    /// </summary>
    public static void ForEach(DbConnection connection, DbTransaction? transaction, string sql, Action<DbDataReader> row,
        params (string Name, object? Value)[] parameters) =>
        ForEachResult(connection, transaction, sql, [row], parameters);

    /// <summary>
    /// Runs several queries in one round trip; the rows of the i-th result go to <paramref name="rows"/>[i].
    /// </summary>
    public static void ForEachResult(DbConnection connection, DbTransaction? transaction, string sql,
        IReadOnlyList<Action<DbDataReader>> rows, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        int result = 0;
        do
        {
            if (reader.FieldCount == 0) continue;
            var row = rows[Math.Min(result, rows.Count - 1)];
            while (reader.Read()) row(reader);
            result++;
        } while (reader.NextResult());
    }
}
