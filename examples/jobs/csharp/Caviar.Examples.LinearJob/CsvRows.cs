using System.Globalization;

namespace Caviar.Examples.LinearJob;

/// <summary>Rows of numbers from a CSV file, a FIFO, or every *.csv of a folder (header lines skipped).</summary>
public static class CsvRows
{
    public static List<double[]> Read(string path)
    {
        var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.csv").Order(StringComparer.Ordinal).ToArray() : [path];
        var rows = new List<double[]>();
        foreach (var file in files)
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read));
            reader.ReadLine();
            while (reader.ReadLine() is { } line)
                if (line.Trim().Length > 0)
                    rows.Add(line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        }
        return rows;
    }
}
