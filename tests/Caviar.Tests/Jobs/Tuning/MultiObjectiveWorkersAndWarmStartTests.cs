using System.Text.Json;
using System.Text.Json.Nodes;
using Caviar.Jobs.Tuning;
using Caviar.MultiObjective;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.MultiObjective;

/// <summary>Several objectives and constraints with workers sharing a SQLite store, and with warm start from such a study.</summary>
public class MultiObjectiveWorkersAndWarmStartTests
{
    private static void AssertValuesMatchTheirJobs(IReadOnlyList<TrialRecord> trials)
    {
        foreach (var trial in trials)
        {
            Assert.Equal(TrialState.Completed, trial.State);
            long x = (long)trial.ExternalParams["x"], y = (long)trial.ExternalParams["y"];
            Assert.Equal([x - y, x], trial.Values!);
            Assert.Equal([10.0 * x - 25], trial.Constraints);
        }
    }

    [Fact]
    public void Two_workers_share_a_multi_objective_constrained_study_and_every_trial_gets_its_values_and_constraints()
    {
        using var dir = new TempDirectory();
        var spec = JsonNode.Parse(MultiObjectiveTuningCliTests.Spec("mo-workers"))!.AsObject();
        spec["strategy"] = "NSGA2";
        spec["seed"] = 3;
        File.WriteAllText(dir.File("spec.json"), spec.ToJsonString());
        var workers = Enumerable.Range(0, 2)
            .Select(n => CliRunner.Start(dir.Path, "worker", "spec.json", "--worker-id", $"w{n}")).ToList();
        foreach (var worker in workers)
        {
            string output = worker.StandardOutput.ReadToEnd() + worker.StandardError.ReadToEnd();
            Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(4)), "a worker did not finish");
            Assert.True(worker.ExitCode == 0, output);
            worker.Dispose();
        }

        var trials = CliSpecs.Trials(dir, "mo-workers");
        Assert.Equal(Enumerable.Range(0, 8), trials.Select(t => t.Number));
        AssertValuesMatchTheirJobs(trials);

        var best = CliRunner.Run(dir.Path, "best", "mo-workers", "--json");
        Assert.True(best.ExitCode == 0, best.All);
        var expected = ParetoFront.Of(trials, [ObjectiveDirection.Maximize, ObjectiveDirection.Minimize]).Select(t => t.Number);
        Assert.Equal(expected, JsonDocument.Parse(best.Output).RootElement.GetProperty("front").EnumerateArray()
            .Select(t => t.GetProperty("number").GetInt32()));
        Assert.All(JsonDocument.Parse(best.Output).RootElement.GetProperty("front").EnumerateArray(),
            t => Assert.True(t.GetProperty("constraintValues")[0].GetDouble() <= 0));
    }

    [Fact]
    public void A_child_warm_starts_from_a_parent_with_the_same_objectives_and_learns_its_values_and_constraints()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("parent.json"), MultiObjectiveTuningCliTests.Spec("mo-parent"));
        var parent = CliRunner.RunWithin(TimeSpan.FromMinutes(4), dir.Path, "tune", "parent.json");
        Assert.True(parent.ExitCode == 0, parent.All);

        var child = JsonNode.Parse(MultiObjectiveTuningCliTests.Spec("mo-child"))!.AsObject();
        child["strategy"] = "TPE";
        child["limits"] = JsonNode.Parse("""{ "maxTrials": 3, "maxParallel": 1 }""");
        child["warmStart"] = JsonNode.Parse("""{ "parentTuningJobs": ["mo-parent"], "type": "IdenticalDataAndAlgorithm" }""");
        var plan = TuningSpecLoader.Parse(child.ToJsonString(), dir.Path);
        using (var store = SqliteStudyStore.Open(dir.File("caviar.db")))
        {
            var priors = WarmStart.PriorTrials(store, plan);
            Assert.Equal(8, priors.Count);
            AssertValuesMatchTheirJobs(priors);
            Assert.Equal(2, priors.Count(p => p.IsFeasible is false));

            // A parent whose objectives differ (here: one objective) is refused, naming the parent.
            var single = child.DeepClone().AsObject();
            single.Remove("objectives");
            single.Remove("constraints");
            single["objective"] = JsonNode.Parse("""{ "metricName": "acc", "type": "Maximize" }""");
            var refused = Assert.Throws<CaviarValidationException>(() =>
                WarmStart.PriorTrials(store, TuningSpecLoader.Parse(single.ToJsonString(), dir.Path)));
            Assert.Equal(("warmStart.parentTuningJobs[0]", "the parent optimised a different objective"), (refused.Field, refused.Reason));
        }

        File.WriteAllText(dir.File("child.json"), child.ToJsonString());
        var run = CliRunner.RunWithin(TimeSpan.FromMinutes(4), dir.Path, "tune", "child.json");
        Assert.True(run.ExitCode == 0, run.All);
        var trials = CliSpecs.Trials(dir, "mo-child");
        Assert.Equal(3, trials.Count);
        AssertValuesMatchTheirJobs(trials);
    }
}
