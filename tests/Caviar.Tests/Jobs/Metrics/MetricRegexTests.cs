using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Validation;

namespace Caviar.Tests.Metrics;

public class MetricRegexTests
{
    /// <summary>Matches "loss=N" lines; its second branch backtracks exponentially on a long run of x's without a y.</summary>
    private const string HostileRegex = @"^loss=(?<value>[0-9.]+)$|^(x+x+)+y$";

    private static string TrainingSpec(string regex, string name = "job") => JsonSerializer.Serialize(new
    {
        name,
        command = new[] { "/bin/bash", "-c", "echo loss=1; echo loss=0.5" },
        metricDefinitions = new[] { new { name = "loss", regex } },
    });

    private static string TuningSpec(string regex) => JsonSerializer.Serialize(new
    {
        name = "tuning",
        objective = new { type = "Minimize", metricName = "loss" },
        trainingJob = new
        {
            command = new[] { "/bin/true" },
            metricDefinitions = new[] { new { name = "other", regex = "other=(?<value>\\S+)" }, new { name = "loss", regex } },
        },
        hyperParameterRanges = new[] { new { type = "integer", name = "width", minValue = 1, maxValue = 4 } },
        limits = new { maxTrials = 2 },
    });

    [Theory]
    [InlineData(@"epoch=(?<step>\d+)", "a group for the number")]
    [InlineData(@"loss=(?<value>\S+", "is not a valid regular expression")]
    [InlineData(@"loss=\S+", "a group for the number")]
    [InlineData("", "must not be empty")]
    public void A_regex_without_a_value_group_or_that_does_not_compile_is_refused_at_load_naming_the_field(string regex, string reason)
    {
        var error = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse(TuningSpec(regex)));
        Assert.Equal("trainingJob.metricDefinitions[1].regex", error.Field);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void A_step_only_regex_is_refused_by_caviar_train_before_the_job_directory_is_made()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("job.json"), TrainingSpec(@"loss=(?<step>\S+)"));
        var train = CliRunner.Run(dir.Path, "train", "job.json");
        Assert.Equal(2, train.ExitCode);
        Assert.Contains("error: metricDefinitions[0].regex: needs a group for the number", train.All);
        Assert.False(Directory.Exists(dir.File("caviar-artifacts")));
    }

    [Theory]
    [InlineData(@"loss=(?<value>\S+)", 0.5)]
    [InlineData(@"loss=(\S+)", 0.5)]
    [InlineData(@"(?<step>\d+)? ?loss=(\S+)", 0.5)]
    public void The_value_is_the_value_group_or_else_the_first_unnamed_group(string regex, double last)
    {
        var parser = new MetricParser([new MetricDefinition { Name = "loss", Regex = regex }], TimeProvider.System);
        Assert.Equal(1.0, Assert.Single(parser.Parse("loss=1")).Value);
        Assert.Equal(last, Assert.Single(parser.Parse("loss=0.5")).Value);
    }

    [Fact]
    public void A_line_that_times_out_is_skipped_with_one_note_and_parsing_goes_on()
    {
        var parser = new MetricParser([new MetricDefinition { Name = "loss", Regex = HostileRegex }], TimeProvider.System,
            TimeSpan.FromMilliseconds(50));
        var notes = new List<string>();
        Assert.Empty(parser.Parse(new string('x', 40), notes.Add));
        Assert.Empty(parser.Parse(new string('x', 41), notes.Add));
        var after = Assert.Single(parser.Parse("loss=0.25", notes.Add));
        Assert.Equal((1L, 0.25), (after.Step, after.Value));
        Assert.Contains("metric 'loss': its regex took longer than 0.05 s", Assert.Single(notes));
    }

    [Fact]
    public void A_job_whose_log_makes_the_regex_backtrack_catastrophically_completes_with_every_line_and_the_right_value()
    {
        using var dir = new TempDirectory();
        string script = $"echo loss=0.9; echo {new string('x', 40)}; echo {new string('x', 42)}; echo after; echo loss=0.125";
        File.WriteAllText(dir.File("job.json"), JsonSerializer.Serialize(new
        {
            name = "hostile",
            command = new[] { "/bin/bash", "-c", script },
            metricDefinitions = new[] { new { name = "loss", regex = HostileRegex } },
        }));

        var train = CliRunner.Run(dir.Path, "train", "job.json");

        Assert.True(train.ExitCode == 0, train.All);
        var job = JobDirectory.For(dir.File("caviar-artifacts"), "hostile");
        var status = JobStatus.Read(job.StatusFile)!;
        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(0.125, status.FinalMetrics["loss"]);
        Assert.Equal([0.9, 0.125], MetricLog.Read(job.MetricsFile).Select(m => m.Value));
        var log = File.ReadAllLines(job.LogFile(0));
        Assert.Contains("after", log);
        Assert.Contains("loss=0.125", log);
        Assert.Single(log, line => line.StartsWith("[caviar] metric 'loss': its regex took longer than 1 s", StringComparison.Ordinal));
    }
}
