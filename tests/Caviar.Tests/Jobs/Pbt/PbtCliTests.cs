using System.Text.Json.Nodes;
using System.Xml.Linq;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Pbt;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Pbt;

/// <summary>What users see of a PBT study: describe's lineage, plot --kind pbt, and pbt-replay of the best member.</summary>
public class PbtCliTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Describe_plot_and_replay_show_and_retrain_the_lineage()
    {
        using var dir = new TempDirectory();
        PbtTuningTests.WriteSpec(dir, "seen", population: 4, maxResource: 6, maxParallel: 2, sleep: 0);
        var tune = CliRunner.RunWithin(TimeSpan.FromMinutes(5), dir.Path, "tune", "tune.json");
        Assert.True(tune.ExitCode == 0, tune.All);

        var describe = CliRunner.Run(dir.Path, "describe", "seen");
        Assert.True(describe.ExitCode == 0, describe.All);
        Assert.Contains("PBT lineage (4 members, 3 rounds):", describe.Output);
        Assert.Contains("member 3:", describe.Output);
        Assert.Contains("round 2:", describe.Output);
        Assert.Contains("copied from member", describe.Output);
        Assert.Contains("lr=", describe.Output);
        var json = JsonNode.Parse(CliRunner.Run(dir.Path, "describe", "seen", "--format", "json").Output)!;
        Assert.Equal(12, json["pbtLineage"]!.AsArray().Count);

        var plot = CliRunner.Run(dir.Path, "plot", "seen", "--kind", "pbt", "-o", "pbt.svg");
        Assert.True(plot.ExitCode == 0, plot.All);
        var texts = XDocument.Load(dir.File("pbt.svg")).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
        Assert.All(Enumerable.Range(0, 4), m => Assert.Contains($"member {m}", texts));
        Assert.Contains("round", texts);
        Assert.Contains("lr", texts);
        Assert.Contains(texts, t => t.StartsWith("PBT schedule — seen", StringComparison.Ordinal));
        var notPbt = CliRunner.Run(dir.Path, "plot", "seen", "--kind", "pbt", "--params", "nope", "-o", "x.svg");
        Assert.Equal(2, notPbt.ExitCode);
        Assert.Contains("--params", notPbt.Error);

        var replay = CliRunner.RunWithin(TimeSpan.FromMinutes(3), dir.Path, "pbt-replay", "seen");
        Assert.True(replay.ExitCode == 0, replay.All);
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        var lineage = store.GetPbtLineage(store.FindStudy("seen")!.Id);
        var schedule = PbtReplay.ScheduleOf(lineage, ObjectiveDirection.Maximize, "seen");
        Assert.Equal(3, schedule.Count);
        Assert.Equal(lineage.Where(e => e.Round == 2).Max(e => e.Score), schedule[^1].Score);
        // The replay trained every epoch once, each round with the schedule's learning rate, and ends where the member did.
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(
            JobDirectory.For(dir.File("caviar-artifacts"), PbtReplay.JobName("seen", 2)).DefaultCheckpointDirectory, "state.json")))!;
        var history = state["history"]!.AsArray();
        Assert.Equal(6, history.Count);
        for (int epoch = 0; epoch < 6; epoch++)
            Assert.Equal((double)schedule[epoch / 2].HyperParameters["lr"], (double)history[epoch]![2]!, 12);
        Assert.Equal(schedule[^1].Score!.Value, (double)state["theta"]!, 9);
        Assert.True(File.Exists(Path.Combine(dir.File("caviar-artifacts"), "pbt", "seen", "replay.json")));
    }
}
