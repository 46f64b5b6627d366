using System.Text.Json;
using Caviar.Jobs.Tuning;
using Caviar.MultiObjective;
using Caviar.Specs;
using Caviar.Storage.Sqlite;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.Server;

/// <summary>
/// The dashboard on studies with several objectives (tests/dashboard-e2e/pareto.mjs): the Pareto front drawn as the
/// library computes it, infeasible trials marked, the hypervolume over trials, the objective columns of the table,
/// the trial page, and a pair of objectives chosen among three. Screenshots go to the temporary folder, or to
/// CAVIAR_SCREENSHOTS when it names a folder (to look at them).
/// </summary>
public class DashboardParetoTests
{
    private static readonly ObjectiveDirection[] TwoDirections = [ObjectiveDirection.Maximize, ObjectiveDirection.Minimize];

    /// <summary>
    /// "acc-vs-latency": 40 trials of width (8–128) and sparsity (0–0.9); accuracy (maximised) and latency_ms
    /// (minimised, 0.3–160: a log axis) trade off; size_kib ≤ 500 is the constraint (wide, dense models break it);
    /// one trial fails. "three": 30 trials, three objectives minimised, all made worse by a third parameter (so some
    /// trials are dominated).
    /// </summary>
    private static void StoreStudies(string database)
    {
        using var store = SqliteStudyStore.Open(database);
        var spec = new TuningSpec
        {
            Name = "acc-vs-latency",
            Objectives = [new ObjectiveSpec { Type = ObjectiveDirection.Maximize, MetricName = "accuracy" },
                new ObjectiveSpec { Type = ObjectiveDirection.Minimize, MetricName = "latency_ms" }],
            Constraints = [new ConstraintSpec { MetricName = "size_kib", Max = 500 }],
        };
        var study = Study.Create(store, "acc-vs-latency", TwoDirections, new StudyOptions { Strategy = new RandomSearch(), Seed = 5 },
            JsonSerializer.Serialize(spec, SpecJson.Options));
        for (int i = 0; i < 40; i++)
        {
            var trial = study.Ask();
            long width = trial.SuggestInt("width", 8, 128);
            double sparsity = trial.SuggestFloat("sparsity", 0, 0.9);
            if (i == 7) { study.Tell(trial, TrialState.Failed, "diverged"); continue; }
            double accuracy = 0.95 - 0.5 * Math.Exp(-width / 30.0) - 0.3 * sparsity * sparsity;
            double latency = 0.01 * width * width * (1 - 0.7 * sparsity) + 0.3;
            double size = 9 * width * (1 - sparsity);
            study.Tell(trial, [accuracy, latency], [size - 500]);
        }

        var three = Study.Create(store, "three", [ObjectiveDirection.Minimize, ObjectiveDirection.Minimize, ObjectiveDirection.Minimize],
            new StudyOptions { Strategy = new RandomSearch(), Seed = 2 },
            JsonSerializer.Serialize(new TuningSpec
            {
                Name = "three",
                Objectives = [new ObjectiveSpec { MetricName = "error" }, new ObjectiveSpec { MetricName = "cost" }, new ObjectiveSpec { MetricName = "energy" }],
            }, SpecJson.Options));
        for (int i = 0; i < 30; i++)
        {
            var trial = three.Ask();
            double a = trial.SuggestFloat("a", 0, 1), b = trial.SuggestFloat("b", 0, 1), waste = trial.SuggestFloat("waste", 0, 1);
            three.Tell(trial, [a * a + b + waste, (1 - a) + b * b + waste, 1 - b + 0.5 * a + waste]);
        }
    }

    private static List<int> Numbers(JsonElement element) => element.EnumerateArray().Select(n => n.GetInt32()).ToList();
    private static List<string> Texts(JsonElement element) => element.EnumerateArray().Select(t => t.GetString()!).ToList();

    [Fact]
    [Trait("Needs", "chromium")]
    public async Task The_Pareto_front_hypervolume_and_objective_columns_are_shown_for_several_objectives()
    {
        await using var server = await ApiServer.StartAsync();
        string database = server.Directory.File("caviar.db");
        StoreStudies(database);
        string shots = Environment.GetEnvironmentVariable("CAVIAR_SCREENSHOTS") is { Length: > 0 } kept && Directory.Exists(kept)
            ? kept : server.Directory.Path;
        var result = await PlaywrightScript.RunAsync("pareto.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token,
            "acc-vs-latency", "three", shots);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());

        List<TrialRecord> trials, threeTrials;
        using (var store = SqliteStudyStore.Open(database))
        {
            trials = store.GetTrials(store.FindStudy("acc-vs-latency")!.Id).ToList();
            threeTrials = store.GetTrials(store.FindStudy("three")!.Id).ToList();
        }
        var completed = trials.Where(t => t.State == TrialState.Completed).ToList();
        var front = ParetoFront.Of(trials, TwoDirections).Select(t => t.Number).Order().ToList();
        var infeasible = completed.Where(t => !t.IsFeasible).Select(t => t.Number).Order().ToList();
        Assert.InRange(front.Count, 3, 30);                  // the study is built so that the front is a real trade-off
        Assert.InRange(infeasible.Count, 3, 30);             // and some trials break the constraint

        Assert.Equal("acc-vs-latency — Maximize, Minimize, 40 trials", result.GetProperty("title").GetString());
        Assert.StartsWith($"Pareto front: {front.Count} trials (#{front[0]}", result.GetProperty("best").GetString());
        var pareto = result.GetProperty("pareto");
        Assert.Equal(front, Numbers(pareto.GetProperty("front")));
        Assert.Equal(infeasible, Numbers(pareto.GetProperty("infeasible")));
        Assert.Equal(completed.Select(t => t.Number).Except(front).Except(infeasible).Order(), Numbers(pareto.GetProperty("dominated")));
        Assert.Equal(1, pareto.GetProperty("staircase").GetInt32());
        Assert.Equal("accuracy (maximize)", pareto.GetProperty("xTitle").GetString());
        Assert.Equal("latency_ms (minimize, log scale)", pareto.GetProperty("yTitle").GetString());
        Assert.Equal(["1", "10", "100"], Texts(pareto.GetProperty("yTicks")));
        Assert.False(pareto.GetProperty("pairShown").GetBoolean());   // two objectives: one pair, no choice
        Assert.Matches($@"^trial {front[0]} Completed values [0-9.]+, [0-9.]+ feasible — sparsity=[0-9.]+, width=\d+$",
            result.GetProperty("tooltip").GetString());

        // The hypervolume chart ends at the library's hypervolume of the front for the default reference point.
        var reference = HypervolumeHistory.DefaultReference(trials, TwoDirections)!;
        double expected = ParetoFront.Hypervolume(trials, TwoDirections, reference);
        var hypervolume = result.GetProperty("hypervolume");
        Assert.Equal(expected, hypervolume.GetProperty("final").GetDouble(), 1e-9 * Math.Max(1, expected));
        var history = HypervolumeHistory.Of(trials, TwoDirections, reference);
        var raised = history.Where((h, k) => k == 0 || h.Hypervolume > history[k - 1].Hypervolume).Select(h => h.Number).ToList();
        Assert.Equal(raised, Numbers(hypervolume.GetProperty("raised")));
        Assert.Equal("hypervolume", hypervolume.GetProperty("yTitle").GetString());
        Assert.Matches(@"^reference point: accuracy [0-9.]+, latency_ms [0-9.]+$", result.GetProperty("reference").GetString());
        Assert.All(Texts(hypervolume.GetProperty("xTicks")), t => Assert.Matches("^[0-9]+$", t));

        // The table: a column per objective, whether feasible, whether on the front (filtering "yes" keeps the front).
        var headers = Texts(result.GetProperty("headers"));
        Assert.Equal(["compare", "#", "state", "accuracy", "latency_ms", "feasible", "Pareto front", "sparsity", "width"], headers.Take(9));
        Assert.Equal(front, Numbers(result.GetProperty("frontRows")));
        var layout = result.GetProperty("layout");   // the wider table scrolls in its box, not the page
        Assert.Equal(layout.GetProperty("innerWidth").GetInt32(), layout.GetProperty("scrollWidth").GetInt32());

        // The one-objective charts draw the objective chosen.
        Assert.Equal("accuracy", result.GetProperty("historyTitleFirst").GetString());
        Assert.Equal("latency_ms (log scale)", result.GetProperty("historyTitleSecond").GetString());
        Assert.Equal(["latency_ms", "sparsity", "width"], Texts(result.GetProperty("parallelAxes")));
        Assert.Equal(["state", "accuracy", "latency_ms", "feasible", "constraint values", "started", "duration (s)"],
            Texts(result.GetProperty("trialPage")));

        Assert.Equal(["trial", "state", "accuracy", "latency_ms", "duration (s)", "sparsity", "width", "failure reason"],
            Texts(result.GetProperty("compared")));

        // Three objectives: three pairs; no staircase (a projected front is no staircase); the pair chosen is drawn.
        var three = result.GetProperty("three");
        Assert.Equal(["error vs cost", "error vs energy", "cost vs energy"], Texts(three.GetProperty("pairs")));
        Assert.Equal(0, three.GetProperty("staircase").GetInt32());
        Assert.InRange(Numbers(three.GetProperty("front")).Count, 3, 27);
        Assert.Equal(ParetoFront.Of(threeTrials, [ObjectiveDirection.Minimize, ObjectiveDirection.Minimize, ObjectiveDirection.Minimize])
            .Select(t => t.Number).Order(), Numbers(three.GetProperty("front")));
        Assert.Equal("error (minimize)", three.GetProperty("first").GetString());
        Assert.Equal("cost (minimize)", three.GetProperty("chosen").GetProperty("x").GetString());
        Assert.Equal("energy (minimize)", three.GetProperty("chosen").GetProperty("y").GetString());
        Assert.True(new FileInfo(Path.Combine(shots, "pareto-dark.png")).Length > 20_000);
    }
}
