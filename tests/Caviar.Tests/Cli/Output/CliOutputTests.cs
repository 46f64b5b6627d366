using System.Text.Json;
using Caviar.Cli.Output;
using Caviar.Tests.Support;

namespace Caviar.Tests.Cli;

/// <summary>Reading verbs print tables for people and JSON or CSV for programs; tables never split a number or a word.</summary>
public class CliOutputTests
{
    private static TempDirectory Tuned(string name = "conv-branin", int trials = 6)
    {
        var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.Branin(name, trials));
        var tune = CliRunner.Run(dir.Path, "tune", "spec.json");
        Assert.True(tune.ExitCode == 0, tune.All);
        return dir;
    }

    [Fact]
    public void Json_and_csv_of_list_describe_best_and_export_hold_the_stored_values()
    {
        using var dir = Tuned();
        var trials = CliSpecs.Trials(dir, "conv-branin");
        double best = trials.Min(t => t.Value!.Value);

        using (var list = JsonDocument.Parse(Ok(dir, "list", "--json")))
        {
            var row = Assert.Single(list.RootElement.EnumerateArray());
            Assert.Equal("conv-branin", row.GetProperty("study").GetString());
            Assert.Equal(6, row.GetProperty("completed").GetInt32());
            Assert.Equal(best, row.GetProperty("best").GetDouble());
        }
        var csv = Ok(dir, "list", "--format", "csv").Split("\r\n");
        Assert.Equal("study,direction,trials,completed,pruned,failed,stopped,best,created", csv[0]);
        Assert.StartsWith($"conv-branin,Minimize,6,6,0,0,0,{best:R},", csv[1]);

        using (var describe = JsonDocument.Parse(Ok(dir, "describe", "conv-branin", "--format", "json")))
        {
            Assert.Equal(6, describe.RootElement.GetProperty("counts").GetProperty("Completed").GetInt32());
            var stored = describe.RootElement.GetProperty("trials").EnumerateArray()
                .Select(t => (t.GetProperty("number").GetInt32(), t.GetProperty("value").GetDouble(),
                    t.GetProperty("params").GetProperty("x1").GetDouble()));
            Assert.Equal(trials.Select(t => (t.Number, t.Value!.Value, t.Params["x1"])), stored);
        }
        using (var bestJson = JsonDocument.Parse(Ok(dir, "best", "conv-branin", "--json")))
            Assert.Equal(best, bestJson.RootElement.GetProperty("value").GetDouble());
        using (var export = JsonDocument.Parse(Ok(dir, "export", "conv-branin", "--json")))
            Assert.Equal(6, export.RootElement.GetArrayLength());

        var unknown = CliRunner.Run(dir.Path, "list", "--format", "yaml");
        Assert.Equal((2, "error: --format: 'yaml' is not table, json or csv"), (unknown.ExitCode, unknown.Error.Trim()));
    }

    [Fact]
    public void Tables_piped_or_narrow_are_plain_aligned_columns_one_line_per_row()
    {
        using var dir = Tuned("a-study-with-a-rather-long-name-to-not-fit-in-narrow-terminals");
        var list = Ok(dir, "list").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, list.Length);
        Assert.DoesNotContain(list, l => l.IndexOfAny(['│', '─', '╭', '|']) >= 0);
        var header = list[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var row = list[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["study", "direction", "trials", "completed", "pruned", "failed", "stopped", "best", "created"], header);
        Assert.Equal(10, row.Length); // the creation time is a date and a time
        Assert.Equal(list[0].IndexOf("best") + 4, list[1].IndexOf(row[7]) + row[7].Length); // numbers right-aligned

        var describe = Ok(dir, "describe", "a-study-with-a-rather-long-name-to-not-fit-in-narrow-terminals");
        var trialLines = describe.Split('\n').SkipWhile(l => !l.StartsWith('#')).Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(6, trialLines.Count);
        Assert.All(trialLines, l => Assert.Equal(6, l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
    }

    [Theory]
    [InlineData(0.39788735772973816, "0.3978873577")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(2.5e15, "2.5e+15")]
    [InlineData(-42, "-42")]
    [InlineData(0, "0")]
    public void Numbers_in_tables_have_ten_significant_digits_and_no_exponent_in_the_usual_range(double value, string text) =>
        Assert.Equal(text, NumberText.Human(value));

    private static string Ok(TempDirectory dir, params string[] args)
    {
        var run = CliRunner.Run(dir.Path, args);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal("", run.Error);
        return run.Output;
    }
}

/// <summary>Tables on a real terminal (a pseudo-terminal from util-linux's script): boxed when they fit, plain when not.</summary>
public class CliTerminalTableTests
{
    [Theory]
    [InlineData(200, true)]
    [InlineData(40, false)]
    public void A_table_is_boxed_only_when_it_fits_the_terminal_and_never_splits_a_cell(int columns, bool boxed)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.Branin("terminal-table", 3));
        Assert.Equal(0, CliRunner.Run(dir.Path, "tune", "spec.json").ExitCode);
        double best = CliSpecs.Trials(dir, "terminal-table").Min(t => t.Value!.Value);

        var start = new System.Diagnostics.ProcessStartInfo("script",
            ["-qec", $"dotnet '{CliRunner.CaviarDll}' list", "/dev/null"])
        { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardInput = true };
        start.Environment["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["NO_COLOR"] = "1";
        using var script = System.Diagnostics.Process.Start(start)!;
        string output = script.StandardOutput.ReadToEnd();
        script.WaitForExit();
        Assert.Equal(0, script.ExitCode);

        var row = Assert.Single(output.Split('\n'), l => l.Contains("terminal-table"));
        Assert.Contains(NumberText.Human(best), row);
        Assert.Equal(boxed, row.Contains('│'));
        Assert.Equal(boxed, output.Contains('╭'));
    }
}
