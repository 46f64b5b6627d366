using Parquet;
using Parquet.Schema;

namespace Caviar.Algorithms.Tabular;

/// <summary>Reads every numeric column of a Parquet file (all row groups) as rows of doubles; nulls become NaN.</summary>
public static class ParquetTable
{
    public static (string[] Header, IEnumerable<double[]> Rows) Read(string path) => ReadAsync(path).GetAwaiter().GetResult();

    private static async Task<(string[] Header, IEnumerable<double[]> Rows)> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        var columns = fields.Select(_ => new List<double>()).ToArray();
        for (int group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            for (int c = 0; c < fields.Length; c++) columns[c].AddRange(await ColumnAsync(rowGroup, fields[c]));
        }
        int rows = columns.Length == 0 ? 0 : columns[0].Count;
        return (fields.Select(f => f.Name).ToArray(), Enumerable.Range(0, rows).Select(r => columns.Select(c => c[r]).ToArray()));
    }

    private static async Task<IEnumerable<double>> ColumnAsync(ParquetRowGroupReader group, DataField field)
    {
        int n = (int)group.RowCount;
        var type = field.ClrType;
        if (type == typeof(double)) return await ReadAsync<double>(group, field, n, v => v);
        if (type == typeof(float)) return await ReadAsync<float>(group, field, n, v => v);
        if (type == typeof(long)) return await ReadAsync<long>(group, field, n, v => v);
        if (type == typeof(int)) return await ReadAsync<int>(group, field, n, v => v);
        if (type == typeof(short)) return await ReadAsync<short>(group, field, n, v => v);
        if (type == typeof(byte)) return await ReadAsync<byte>(group, field, n, v => v);
        if (type == typeof(bool)) return await ReadAsync<bool>(group, field, n, v => v ? 1 : 0);
        if (type == typeof(decimal)) return await ReadAsync<decimal>(group, field, n, v => (double)v);
        throw new Validation.CaviarValidationException("channels", $"Parquet column '{field.Name}' is {type.Name}, not a number");
    }

    private static async Task<IEnumerable<double>> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int n, Func<T, double> toDouble)
        where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[n];
            await group.ReadAsync<T>(field, nullable.AsMemory());
            return nullable.Select(v => v is { } value ? toDouble(value) : double.NaN);
        }
        var values = new T[n];
        await group.ReadAsync<T>(field, values.AsMemory());
        return values.Select(toDouble);
    }
}
