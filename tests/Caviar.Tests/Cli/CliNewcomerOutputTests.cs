using System.Diagnostics;
using System.Text.RegularExpressions;
using Caviar.Tests.Support;

namespace Caviar.Tests.Cli;

/// <summary>
/// What a newcomer reads after a run (issue use20), from the real <c>caviar</c> on a real store: a failed trial says why
/// in the user's words and where its log is; a finished run says where the best model is.
/// </summary>
public class CliNewcomerOutputTests
{
    private static string ScriptTuning(string name, string script, string metric = "val_loss") => $$"""
        {
          "name": "{{name}}",
          "objective": { "type": "Minimize", "metricName": "{{metric}}" },
          "trainingJob": {
            "command": ["/bin/sh", "-c", "{{script}}"],
            "metricDefinitions": [ { "name": "val_loss", "regex": "val_loss=(?<value>\\S+)" } ]
          },
          "strategy": "Random",
          "hyperParameterRanges": [ { "type": "continuous", "name": "lr", "minValue": 0.001, "maxValue": 0.1 } ],
          "limits": { "maxTrials": 1 }
        }
        """;

    [Fact]
    public void A_failed_trial_says_what_its_job_printed_last_and_how_to_read_its_log()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), ScriptTuning("fails", "echo starting; echo 'cannot open data.csv' >&2; exit 3"));

        var run = CliRunner.Run(dir.Path, "tune", "spec.json");
        var described = CliRunner.Run(dir.Path, "describe", "fails");

        Assert.True(run.ExitCode == 1, run.All);
        string said = Regex.Replace(run.All, @"\s+", " ");
        Assert.Contains("all 1 trials failed; trial 0: job fails-0000 failed: exit code 3; last log line: 'cannot open data.csv'; " +
                        "its log: caviar logs fails-0000", said);
        Assert.Contains("trial 0 Failed: job fails-0000 failed: exit code 3; last log line: 'cannot open data.csv'", described.Output);
        Assert.DoesNotContain("Exception", described.Output);
    }

    [Fact]
    public void A_trial_whose_objective_metric_was_never_logged_names_the_metrics_that_were()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), ScriptTuning("typo", "echo val_loss=0.5", metric: "val_los"));

        var run = CliRunner.Run(dir.Path, "tune", "spec.json");

        Assert.True(run.ExitCode == 1, run.All);
        Assert.Contains("job typo-0000 completed but never logged metric 'val_los' (by a metric definition or caviar.report); " +
                        "it logged: val_loss", Regex.Replace(run.All, @"\s+", " "));
    }

    [Fact]
    public void A_tuning_run_and_a_training_job_say_where_the_model_is()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), ScriptTuning("ok", "echo val_loss=0.5"));
        File.WriteAllText(dir.File("job.json"), """
            { "name": "one-job", "command": ["/bin/sh", "-c", "echo val_loss=0.25"],
              "metricDefinitions": [ { "name": "val_loss", "regex": "val_loss=(?<value>\\S+)" } ] }
            """);

        var tuned = CliRunner.Run(dir.Path, "tune", "spec.json");
        var trained = CliRunner.Run(dir.Path, "train", "job.json");

        Assert.True(tuned.ExitCode == 0, tuned.All);
        string jobs = Path.Combine(dir.Path, "caviar-artifacts", "jobs");
        Assert.Contains($"Best: trial 0, value 0.5, lr=", tuned.Output);
        Assert.Contains($"Model of trial 0: {Path.Combine(jobs, "ok-0000", "model")} (training job ok-0000)",
            Regex.Replace(tuned.Output, @"\s+", " "));
        Assert.True(trained.ExitCode == 0, trained.All);
        Assert.Contains($"Model: {Path.Combine(jobs, "one-job", "model")}", Regex.Replace(trained.Output, @"\s+", " "));
    }

    [Fact]
    public async Task The_progress_line_keeps_each_time_beside_its_label_in_an_80_column_terminal()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.Branin("narrow", maxTrials: 30));
        var start = PseudoTerminal.StartInfo(dir.Path, "dotnet", CliRunner.CaviarDll, "tune", "spec.json");
        start.Environment["COLUMNS"] = "80";
        using var terminal = Process.Start(start)!;
        string screen = await terminal.StandardOutput.ReadToEndAsync();
        Assert.True(terminal.WaitForExit(TimeSpan.FromSeconds(60)) && terminal.ExitCode == 0, screen);

        var lines = Regex.Replace(screen, @"\u001b\[[0-9;?]*[A-Za-z]", "").Split('\n', '\r');
        var labelled = lines.Where(l => l.Contains("elapsed") || l.Contains("left ")).ToList();
        Assert.Contains(labelled, l => l.Contains("trials 30/30"));
        // A time pushed onto a line of its own (the columns wrapped) leaves its label without it.
        Assert.All(labelled, l => Assert.Matches(@"elapsed (\d\d:\d\d:\d\d|--:--:--) +left (\d\d:\d\d:\d\d|--:--:--)", l));
    }

    [Fact]
    public void Jobs_in_a_folder_without_any_says_so_where_a_table_would_be_a_bare_header()
    {
        using var dir = new TempDirectory();

        var listed = CliRunner.Run(dir.Path, "jobs");
        var json = CliRunner.Run(dir.Path, "jobs", "--json");

        Assert.True(listed.ExitCode == 0, listed.All);
        Assert.Equal("", listed.Output);
        Assert.Contains($"No training jobs in {Path.Combine(dir.Path, "caviar-artifacts", "jobs")}", Regex.Replace(listed.Error, @"\s+", " "));
        Assert.True(json.ExitCode == 0, json.All);
        Assert.Equal("[]", json.Output.Trim());
    }
}
