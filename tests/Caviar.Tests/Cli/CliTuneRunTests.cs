using System.Diagnostics;
using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Cli;

/// <summary>tune's overrides, exit codes, Ctrl-C; stop without a listener; best, jobs and logs --follow of training jobs.</summary>
public class CliTuneRunTests
{
    private static JobDirectory Job(TempDirectory dir, string name) => JobDirectory.For(dir.File("caviar-artifacts"), name);

    [Fact]
    public void Flags_override_the_specs_name_trials_seed_strategy_and_parallelism()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.Branin("from-spec", maxTrials: 50));
        var run = CliRunner.Run(dir.Path, "tune", "spec.json", "--name", "from-flag", "--max-trials", "3",
            "--seed", "9", "--strategy", "TPE", "--max-parallel", "2");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("Tuning from-flag (TPE,", run.Output);
        Assert.Empty(CliSpecs.Trials(dir, "from-spec"));
        Assert.Equal(3, CliSpecs.Trials(dir, "from-flag").Count);

        // The same seed from the flag draws the same trials as the same seed in the spec.
        File.WriteAllText(dir.File("seeded.json"), CliSpecs.Branin("seeded", maxTrials: 3).Replace("\"seed\": 5", "\"seed\": 9")
            .Replace("Random", "TPE"));
        Assert.Equal(0, CliRunner.Run(dir.Path, "tune", "seeded.json").ExitCode);
        Assert.Equal(CliSpecs.Trials(dir, "seeded").Select(t => t.Params["x1"]),
            CliSpecs.Trials(dir, "from-flag").Select(t => t.Params["x1"]));
    }

    [Theory]
    [InlineData("--max-trials", "0", "error: --max-trials: must be at least 1")]
    [InlineData("--max-parallel", "0", "error: --max-parallel: must be between 1 and 1000")]
    [InlineData("--strategy", "Annealing", "error: --strategy: unknown strategy 'Annealing'")]
    [InlineData("--name", "no spaces", "error: --name: must be 1-63 letters")]
    public void Overrides_are_checked_like_the_spec_fields_and_name_the_flag(string flag, string value, string message)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.Branin());
        var run = CliRunner.Run(dir.Path, "tune", "spec.json", flag, value);
        Assert.Equal((2, ""), (run.ExitCode, run.Output));
        Assert.StartsWith(message, run.Error);
        Assert.False(File.Exists(dir.File("caviar.db")));
    }

    [Fact]
    public void A_run_whose_trials_all_failed_exits_1_and_says_where_to_look()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.CounterTuning("broken", epochs: 1, sleep: 0, maxTrials: 2, failing: true));
        var run = CliRunner.Run(dir.Path, "tune", "spec.json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Trials this run: 0 completed, 0 pruned, 2 failed, 0 stopped.", run.Output);
        // The first failure's reason is given too (use20), then where the others are.
        string error = System.Text.RegularExpressions.Regex.Replace(run.Error.Trim(), @"\s+", " ");
        Assert.StartsWith("error: all 2 trials failed; trial 0: job broken-0000 failed: ", error);
        Assert.EndsWith("; its log: caviar logs broken-0000; see caviar describe broken", error);
    }

    [Fact]
    public async Task Ctrl_c_stops_the_running_trials_records_them_says_how_to_resume_and_exits_130()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.CounterTuning("interrupted", epochs: 40, sleep: 0.25, maxTrials: 6));
        using var tuner = CliRunner.Start(dir.Path, "tune", "spec.json");
        var output = tuner.StandardOutput.ReadToEndAsync();
        var error = tuner.StandardError.ReadToEndAsync();
        await Eventually.True(() => CliSpecs.Trials(dir, "interrupted").Count(t => t.IntermediateValues.Count > 0) == 2, 90);

        Interrupt(tuner);
        Assert.True(tuner.WaitForExit(TimeSpan.FromSeconds(60)), "the tuner did not stop");
        Assert.True(tuner.ExitCode == 130, $"{tuner.ExitCode}\n{await output}\n{await error}");
        Assert.Contains("Resume with: caviar tune spec.json --resume", await error);
        Assert.Contains("2 stopped", await output);

        var trials = CliSpecs.Trials(dir, "interrupted");
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Stopped, t.State));
        Assert.All(trials, t => Assert.Equal(JobState.Stopped, JobStatus.Read(Job(dir, $"interrupted-{t.Number:D4}").StatusFile)!.State));

        var stop = CliRunner.Run(dir.Path, "stop", "interrupted");
        Assert.Equal(1, stop.ExitCode);
        Assert.Contains("no tuning process is running 'interrupted'", stop.Error);
    }

    [Fact]
    public async Task Ctrl_c_with_detach_leaves_the_jobs_running_and_resume_picks_them_up()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.CounterTuning("detached", epochs: 8, sleep: 0.25, maxTrials: 2));
        using var tuner = CliRunner.Start(dir.Path, "tune", "spec.json", "--detach");
        var error = tuner.StandardError.ReadToEndAsync();
        await Eventually.True(() => CliSpecs.Trials(dir, "detached").Count(t => t.IntermediateValues.Count > 0) == 2, 90);

        Interrupt(tuner);
        Assert.True(tuner.WaitForExit(TimeSpan.FromSeconds(30)), "the tuner did not leave");
        Assert.Equal(130, tuner.ExitCode);
        Assert.Contains("job detached-0000", await error);
        Assert.Contains("Resume with: caviar tune spec.json --resume", await error);
        Assert.All(CliSpecs.Trials(dir, "detached"), t => Assert.Equal(TrialState.Running, t.State));

        var resumed = CliRunner.Run(dir.Path, "tune", "spec.json", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        var trials = CliSpecs.Trials(dir, "detached");
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.All(trials, t => Assert.Equal(1, JobStatus.Read(Job(dir, $"detached-{t.Number:D4}").StatusFile)!.Attempts));
    }

    [Fact]
    public void Best_names_the_trials_training_job_its_model_and_every_final_metric_and_jobs_lists_the_jobs()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.CounterTuning("counted", epochs: 2, sleep: 0, maxTrials: 2));
        var tune = CliRunner.Run(dir.Path, "tune", "spec.json");
        Assert.True(tune.ExitCode == 0, tune.All);
        int bestNumber = CliSpecs.Trials(dir, "counted").OrderBy(t => t.Value).ThenBy(t => t.Number).First().Number;
        string jobName = $"counted-{bestNumber:D4}";

        var best = CliRunner.Run(dir.Path, "best", "counted", "--json");
        Assert.True(best.ExitCode == 0, best.All);
        using var json = JsonDocument.Parse(best.Output);
        Assert.Equal(jobName, json.RootElement.GetProperty("trainingJob").GetString());
        Assert.Equal(Job(dir, jobName).ModelDirectory, json.RootElement.GetProperty("modelPath").GetString());
        Assert.Equal(0.5, json.RootElement.GetProperty("finalMetrics").GetProperty("loss").GetDouble());
        var table = CliRunner.Run(dir.Path, "best", "counted");
        Assert.Contains($"training job  {jobName}", table.Output);
        Assert.Contains("metric loss   0.5", table.Output);

        var jobs = CliRunner.Run(dir.Path, "jobs", "--json");
        Assert.True(jobs.ExitCode == 0, jobs.All);
        using var list = JsonDocument.Parse(jobs.Output);
        Assert.Equal(["counted-0000", "counted-0001"],
            list.RootElement.EnumerateArray().Select(j => j.GetProperty("job").GetString()!).Order());
        Assert.All(list.RootElement.EnumerateArray(), j => Assert.Equal("Completed", j.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Logs_follow_prints_a_running_jobs_lines_as_they_come_and_ends_with_the_job()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("job.json"), CliSpecs.CounterJob("followed", epochs: 8, sleep: 0.3));
        using var train = CliRunner.Start(dir.Path, "train", "job.json");
        var trained = train.StandardOutput.ReadToEndAsync();
        await Eventually.True(() => File.Exists(Job(dir, "followed").LogFile(0)) &&
                                    File.ReadAllText(Job(dir, "followed").LogFile(0)).Contains("epoch=1 "), 60);

        var follow = CliRunner.Run(dir.Path, "logs", "followed", "--follow");
        Assert.True(train.HasExited || train.WaitForExit(TimeSpan.FromSeconds(10)), "logs --follow returned before the job ended");
        Assert.True(follow.ExitCode == 0, follow.All);
        var epochs = follow.Output.Split('\n').Where(l => l.StartsWith("epoch=")).ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(e => $"epoch={e} "), epochs.Select(l => l[..(l.IndexOf(' ') + 1)]));
        await trained;

        var json = CliRunner.Run(dir.Path, "logs", "followed", "--json");
        using var attempts = JsonDocument.Parse(json.Output);
        Assert.Contains("epoch=8 ", Assert.Single(attempts.RootElement.EnumerateArray()).GetProperty("log").GetString());
    }

    private static void Interrupt(Process process)
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString()]);
        kill.WaitForExit();
    }
}
