using System.Globalization;
using System.Text.Json;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Cli;

public class CliTuneTests
{
    private static string Spec(string name = "cli-branin", int maxTrials = 12, string strategy = "Bayesian",
        double x1Max = 10) => $$"""
        {
          "name": "{{name}}",
          "objective": { "type": "Minimize", "function": "branin" },
          "strategy": "{{strategy}}",
          "seed": 5,
          "hyperParameterRanges": [
            { "type": "continuous", "name": "x1", "minValue": -5, "maxValue": {{x1Max.ToString(CultureInfo.InvariantCulture)}} },
            { "type": "continuous", "name": "x2", "minValue": 0, "maxValue": 15 }
          ],
          "limits": { "maxTrials": {{maxTrials}}, "maxParallel": 2 }
        }
        """;

    private static string WriteSpec(TempDirectory dir, string json, string file = "spec.json")
    {
        File.WriteAllText(dir.File(file), json);
        return file;
    }

    private static object Snapshot(TrialRecord t) =>
        (t.Number, t.State, t.Value, t.Params["x1"], t.Params["x2"], t.StartedAt, t.FinishedAt);

    private static IReadOnlyList<TrialRecord> StoredTrials(TempDirectory dir, string study)
    {
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        return store.GetTrials(store.FindStudy(study)!.Id);
    }

    [Fact]
    public void Tune_runs_the_job_into_the_default_store_and_the_other_commands_read_it()
    {
        using var dir = new TempDirectory();
        var tune = CliRunner.Run(dir.Path, "tune", WriteSpec(dir, Spec()));
        Assert.True(tune.ExitCode == 0, tune.All);
        Assert.Contains("Stopped: reached limits.maxTrials after 12 new trial(s)", tune.Output);
        // A function's tuning job writes no artifacts: the folder its stop channel needed while it ran is gone again.
        Assert.False(Directory.Exists(dir.File("caviar-artifacts")), string.Join(", ", Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories)));

        var trials = StoredTrials(dir, "cli-branin");
        Assert.Equal(Enumerable.Range(0, 12), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));

        var list = CliRunner.Run(dir.Path, "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("cli-branin", list.Output);

        var best = CliRunner.Run(dir.Path, "best", "cli-branin", "--json");
        Assert.Equal(0, best.ExitCode);
        using var json = JsonDocument.Parse(best.Output);
        double bestValue = json.RootElement.GetProperty("value").GetDouble();
        Assert.Equal(trials.Min(t => t.Value!.Value), bestValue);

        var describe = CliRunner.Run(dir.Path, "describe", "cli-branin");
        Assert.Equal(0, describe.ExitCode);
        Assert.Contains("Completed: 12", describe.Output);
    }

    [Fact]
    public void Export_writes_one_csv_row_per_trial_with_round_tripping_numbers()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(dir.Path, "tune", WriteSpec(dir, Spec(maxTrials: 5))).ExitCode);
        var export = CliRunner.Run(dir.Path, "export", "cli-branin", "-o", "trials.csv");
        Assert.True(export.ExitCode == 0, export.All);

        var lines = File.ReadAllLines(dir.File("trials.csv"));
        Assert.Equal("number,state,value,started_at,finished_at,duration_seconds,param_x1,param_x2,failure_reason", lines[0]);
        Assert.Equal(6, lines.Length);
        var trials = StoredTrials(dir, "cli-branin");
        for (int i = 0; i < 5; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(trials[i].Value, double.Parse(cells[2], CultureInfo.InvariantCulture));
            Assert.Equal(trials[i].Params["x1"], double.Parse(cells[6], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void An_existing_study_is_refused_without_resume_and_continued_with_it()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(dir.Path, "tune", WriteSpec(dir, Spec(maxTrials: 6))).ExitCode);
        var before = StoredTrials(dir, "cli-branin");

        var again = CliRunner.Run(dir.Path, "tune", "spec.json");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists; pass --resume", again.All);
        Assert.Equal(before.Select(Snapshot), StoredTrials(dir, "cli-branin").Select(Snapshot));

        var resumed = CliRunner.Run(dir.Path, "tune", WriteSpec(dir, Spec(maxTrials: 10), "more.json"), "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains("after 4 new trial(s)", resumed.Output);
        var after = StoredTrials(dir, "cli-branin");
        Assert.Equal(Enumerable.Range(0, 10), after.Select(t => t.Number));
        Assert.Equal(before.Select(Snapshot), after.Take(6).Select(Snapshot));
    }

    [Fact]
    public void Resuming_with_different_ranges_is_refused_and_nothing_changes()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(dir.Path, "tune", WriteSpec(dir, Spec(maxTrials: 3))).ExitCode);
        var changed = CliRunner.Run(dir.Path, "tune", WriteSpec(dir, Spec(maxTrials: 9, x1Max: 8), "b.json"), "--resume");
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("hyperParameterRanges", changed.All);
        Assert.Equal(3, StoredTrials(dir, "cli-branin").Count);
    }

    [Fact]
    public void A_bad_spec_exits_2_naming_the_field_and_creates_no_study()
    {
        using var dir = new TempDirectory();
        var typo = CliRunner.Run(dir.Path, "tune", WriteSpec(dir, Spec().Replace("maxParallel", "maxParalel")));
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("limits.maxParalel: is not a known field", typo.All);
        Assert.False(File.Exists(dir.File("caviar.db")));
    }

    [Fact]
    public void Unknown_study_is_named()
    {
        using var dir = new TempDirectory();
        SqliteStudyStore.Open(dir.File("caviar.db")).Dispose();
        var best = CliRunner.Run(dir.Path, "best", "nope");
        Assert.Equal(2, best.ExitCode);
        Assert.Contains("no study named 'nope'", best.All);
    }

    [Fact]
    public void Grid_runs_exactly_the_grid()
    {
        using var dir = new TempDirectory();
        string spec = """
            { "name": "grid", "objective": { "function": "branin" }, "strategy": "Grid",
              "hyperParameterRanges": [
                { "type": "integer", "name": "x1", "minValue": 0, "maxValue": 3 },
                { "type": "categorical", "name": "x2", "values": ["1", "2.5", "7"] } ],
              "limits": { "maxTrials": 100 } }
            """;
        var run = CliRunner.Run(dir.Path, "tune", WriteSpec(dir, spec));
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("Stopped: every point of the search space was tried after 12 new trial(s)", run.Output);
        var points = StoredTrials(dir, "grid").Select(t => $"{t.Params["x1"]}/{t.Params["x2"]}").ToList();
        Assert.Equal(12, points.Distinct().Count());
    }

    [Fact]
    public void Hyperband_with_one_bracket_runs_end_to_end_and_stops_poor_trials_at_its_rungs()
    {
        using var dir = new TempDirectory();
        // loss = (x - 0.3)² + 1/epoch over 9 epochs: the ranking is the same at every epoch.
        string job = """
            x=$(sed -n 's/.*"x": *\([-0-9.eE+]*\).*/\1/p' "$CAVIAR_HYPERPARAMETERS")
            for e in 1 2 3 4 5 6 7 8 9; do
              echo "epoch=$e loss=$(awk -v x="$x" -v e="$e" 'BEGIN { printf "%.6f", (x-0.3)^2 + 1/e }')"
              sleep 0.05
            done
            """;
        string spec = JsonSerializer.Serialize(new
        {
            name = "asha",
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[] { "/bin/bash", "-c", job },
                metricDefinitions = new[] { new { name = "loss", regex = @"epoch=(?<step>\d+) loss=(?<value>\S+)" } },
            },
            strategy = "Hyperband",
            hyperband = new { maxResource = 9, brackets = 1 },
            seed = 5,
            hyperParameterRanges = new[] { new { type = "continuous", name = "x", minValue = 0.0, maxValue = 1.0 } },
            limits = new { maxTrials = 12, maxParallel = 1 },
        });
        var run = CliRunner.Run(dir.Path, "tune", WriteSpec(dir, spec));
        Assert.True(run.ExitCode == 0, run.All);

        var trials = StoredTrials(dir, "asha");
        Assert.Equal(12, trials.Count);
        var pruned = trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.True(pruned.Count >= 4, run.All);
        // One bracket: rungs at 1 and 3 epochs only, so a pruned trial stopped after its first or third epoch.
        Assert.All(pruned, t => Assert.Contains(t.IntermediateValues.Keys.Max(), new long[] { 1, 3 }));
        Assert.Equal(TrialState.Completed, trials.MinBy(t => Math.Abs((double)t.Params["x"] - 0.3))!.State);
    }
}
