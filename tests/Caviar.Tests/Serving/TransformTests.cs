using System.Globalization;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace Caviar.Tests.Serving;

[Collection(TabularModelsCollection.Name)]
public class TransformTests(TabularModels models)
{
    private static string Number(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    private async Task WriteInputs(string folder)
    {
        Directory.CreateDirectory(folder);
        var rows = models.Rows.Features;
        File.WriteAllLines(Path.Combine(folder, "a.csv"), ["x1,x2,x3", .. rows.Take(10).Select(r => string.Join(",", r.Select(Number)))]);
        File.WriteAllLines(Path.Combine(folder, "b.jsonl"), rows.Skip(10).Take(12).Select(r => "[" + string.Join(", ", r.Select(Number)) + "]"));
        var schema = new ParquetSchema(new DataField<double>("x1"), new DataField<float>("x2"), new DataField<float>("x3"));
        await using var stream = File.Create(Path.Combine(folder, "c.parquet"));
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        var part = rows.Skip(22).Take(15).ToArray();
        await group.WriteAsync<double>(schema.DataFields[0], part.Select(r => (double)r[0]).ToArray());
        await group.WriteAsync<float>(schema.DataFields[1], part.Select(r => r[1]).ToArray());
        await group.WriteAsync<float>(schema.DataFields[2], part.Select(r => r[2]).ToArray());
    }

    [Fact]
    public async Task Csv_json_lines_and_parquet_are_scored_in_row_order_as_the_endpoint_answers_and_a_resume_skips_complete_outputs()
    {
        using var dir = new TempDirectory();
        await WriteInputs(dir.File("in"));
        var run = CliRunner.Run(dir.Path, "transform", "--model", models.LinearDirectory, "--input", dir.File("in"), "--output", dir.File("out"),
            "--batch", "4", "--parallel", "2");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("Scored 37 rows of 3 files", run.Output);

        using var endpoint = await EndpointProcess.Start(dir.Path, "reference", "--model", models.LinearOnnx);
        using var response = await endpoint.Invoke(models.Csv(0, 37), "text/csv", "text/csv");
        var answers = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        string Output(string name) => File.ReadAllText(dir.File($"out/{name}.out"));
        Assert.Equal(string.Join("\n", answers.Take(10)) + "\n", Output("a.csv"));
        Assert.Equal(string.Join("\n", answers.Skip(10).Take(12)) + "\n", Output("b.jsonl"));
        Assert.Equal(string.Join("\n", answers.Skip(22).Take(15)) + "\n", Output("c.parquet"));

        // An interrupted run: a.csv's output never got renamed; b.jsonl's is complete (marked to see it is kept).
        File.Move(dir.File("out/a.csv.out"), dir.File("out/a.csv.out.partial"));
        File.WriteAllText(dir.File("out/b.jsonl.out"), "kept");
        var resumed = CliRunner.Run(dir.Path, "transform", "--model", models.LinearDirectory, "--input", dir.File("in"), "--output", dir.File("out"), "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains("Scored 10 rows of 1 files", resumed.Output);
        Assert.Contains("skipped 2 complete", resumed.Output);
        Assert.Equal(string.Join("\n", answers.Take(10)) + "\n", Output("a.csv"));
        Assert.Equal("kept", Output("b.jsonl"));
        Assert.False(File.Exists(dir.File("out/a.csv.out.partial")));
    }

    [Fact]
    public void A_bad_row_is_refused_naming_its_file_and_row_and_leaves_no_output()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("in"));
        File.WriteAllLines(dir.File("in/bad.csv"), ["0.1,0.2,0.3", "0.1,0.2,0.3", "0.1,oops,0.3"]);
        var run = CliRunner.Run(dir.Path, "transform", "--model", models.LinearOnnx, "--input", dir.File("in/bad.csv"), "--output", dir.File("out"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 3: '0.1,oops,0.3' is not all numbers", System.Text.RegularExpressions.Regex.Replace(run.Error, @"\s+", " "));
        Assert.Empty(Directory.GetFiles(dir.File("out")));
    }

    /// <summary>
    /// As SageMaker's Batch Transform does (serve20): a file with a bad record gets no output, the other files are still
    /// scored, and the run fails naming each bad file and the line in it as an editor counts lines (header and blank lines
    /// included), whatever is wrong with the line.
    /// </summary>
    [Fact]
    public void A_file_with_a_bad_line_gets_no_output_the_others_are_scored_and_each_bad_line_is_named()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("in"));
        File.WriteAllLines(dir.File("in/a.csv"), ["x1,x2,x3", "0.1,0.2,0.3", "0.4,0.5,0.6"]);
        File.WriteAllLines(dir.File("in/b.csv"), ["x1,x2,x3", "0.1,0.2,0.3", "", "0.1,0.2", "0.1,0.2,0.3"]);
        File.WriteAllLines(dir.File("in/c.jsonl"), ["[0.1, 0.2, 0.3]", "", "[0.4, 0.5, 0.6]"]);
        File.WriteAllLines(dir.File("in/d.csv"), ["x1,x2,x3", "0.1,0.2,0.3", "0.1,oops,0.3"]);
        File.WriteAllLines(dir.File("in/e.jsonl"), ["[0.1, 0.2, 0.3]", "", "[0.1, 0.2]"]);
        Directory.CreateDirectory(dir.File("out"));
        File.WriteAllText(dir.File("out/b.csv.out"), "an earlier run's answers for another b.csv");

        var run = CliRunner.Run(dir.Path, "transform", "--model", models.LinearOnnx, "--input", dir.File("in"), "--output", dir.File("out"));
        Assert.True(run.ExitCode == 2, run.All);
        string error = System.Text.RegularExpressions.Regex.Replace(run.Error, @"\s+", " ");
        Assert.Contains("b.csv line 4 has 2 values; the model takes 3", error);
        Assert.Contains("d.csv line 3: '0.1,oops,0.3' is not all numbers", error);
        Assert.Contains("e.jsonl line 3 has 2 values; the model takes 3", error);
        Assert.Contains("Scored 4 rows of 2 files", run.Output);
        Assert.Equal(["a.csv.out", "c.jsonl.out"], Directory.GetFiles(dir.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(2, File.ReadAllLines(dir.File("out/a.csv.out")).Length);
        Assert.Equal(2, File.ReadAllLines(dir.File("out/c.jsonl.out")).Length);

        // Fixed, the files are scored on resume and the complete ones kept.
        File.WriteAllLines(dir.File("in/b.csv"), ["0.1,0.2,0.3"]);
        File.WriteAllLines(dir.File("in/d.csv"), ["0.1,0.2,0.3"]);
        File.WriteAllLines(dir.File("in/e.jsonl"), ["[0.1, 0.2, 0.3]"]);
        var resumed = CliRunner.Run(dir.Path, "transform", "--model", models.LinearOnnx, "--input", dir.File("in"), "--output", dir.File("out"), "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains("skipped 2 complete", resumed.Output);
        Assert.Equal(5, Directory.GetFiles(dir.File("out")).Length);
    }
}
