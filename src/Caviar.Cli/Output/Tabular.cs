using System.Text;
using System.Text.Json;
using Caviar.Cli.Conventions;
using Spectre.Console;

namespace Caviar.Cli.Output;

/// <summary>
/// Rows of typed cells (numbers, text, times, null) printed as a table, CSV or JSON. A table never splits a
/// number or a word: when standard output is not a terminal, or the table would not fit its width, the rows are
/// printed as plain columns aligned with spaces instead.
/// </summary>
internal sealed class Tabular(IReadOnlyList<string> columns, IEnumerable<string>? rightAligned = null)
{
    private readonly HashSet<string> _rightAligned = [.. rightAligned ?? []];
    private readonly List<object?[]> _rows = [];

    public IReadOnlyList<string> Columns { get; } = columns;
    public IReadOnlyList<object?[]> Rows => _rows;

    public Tabular Add(params object?[] cells)
    {
        if (cells.Length != Columns.Count) throw new ArgumentException($"{cells.Length} cells for {Columns.Count} columns");
        _rows.Add(cells);
        return this;
    }

    public void Write(OutputFormat format, TextWriter output, string? title = null)
    {
        switch (format)
        {
            case OutputFormat.Json:
                output.WriteLine(JsonSerializer.Serialize(AsObjects(), CliJson.Options));
                break;
            case OutputFormat.Csv:
                CsvRows.Write(output, Columns);
                foreach (var row in _rows) CsvRows.Write(output, row.Select(NumberText.CsvCell));
                break;
            default:
                WriteTable(output, title);
                break;
        }
    }

    /// <summary>One JSON object per row, keyed by column name, numbers as numbers.</summary>
    public List<Dictionary<string, object?>> AsObjects() =>
        _rows.Select(row => Columns.Select((c, i) => (c, row[i])).ToDictionary(p => p.c, p => p.Item2)).ToList();

    private void WriteTable(TextWriter output, string? title)
    {
        var cells = _rows.Select(row => row.Select(NumberText.Cell).ToArray()).ToList();
        var widths = Columns.Select((c, i) => cells.Select(r => r[i].Length).Append(c.Length).Max()).ToArray();
        int boxedWidth = widths.Sum() + 3 * widths.Length + 1;
        if (CliConsole.OutputIsTerminal && boxedWidth <= CliConsole.OutputWidth && ReferenceEquals(output, Console.Out))
        {
            var table = new Table().Border(TableBorder.Rounded);
            if (title is not null) table.Title(Markup.Escape(title));
            foreach (var column in Columns)
            {
                var tableColumn = new TableColumn(Markup.Escape(column)).NoWrap();
                table.AddColumn(_rightAligned.Contains(column) ? tableColumn.RightAligned() : tableColumn);
            }
            foreach (var row in cells) table.AddRow(row.Select(Markup.Escape).ToArray());
            AnsiConsole.Write(table);
            return;
        }
        if (title is not null) output.WriteLine(title);
        output.WriteLine(Line(Columns.ToArray(), widths));
        foreach (var row in cells) output.WriteLine(Line(row, widths));
    }

    private string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) line.Append("  ");
            bool last = i == cells.Length - 1;
            line.Append(_rightAligned.Contains(Columns[i]) ? cells[i].PadLeft(widths[i])
                : last ? cells[i] : cells[i].PadRight(widths[i]));
        }
        return line.ToString().TrimEnd();
    }
}
