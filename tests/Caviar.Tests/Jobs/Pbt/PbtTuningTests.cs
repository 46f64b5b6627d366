using System.Text.Json;
using System.Text.Json.Nodes;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Pbt;
using Caviar.Jobs.Tuning;
using Caviar.Pbt;
using Caviar.Storage;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Pbt;

/// <summary>
/// PBT with a script-mode job (Debian's python3): each member-round resumes from CAVIAR_CHECKPOINT_DIR, reads its
/// hyperparameters file, trains to the round's epochs and records in its checkpoint which job trained which epoch with
/// which learning rate, so the test can follow every checkpoint back through the lineage.
/// </summary>
public class PbtTuningTests
{
    private const string Script = """
        import json, os, sys, time
        hp = json.load(open(os.environ["CAVIAR_HYPERPARAMETERS"]))
        ck = os.environ["CAVIAR_CHECKPOINT_DIR"]
        os.makedirs(ck, exist_ok=True)
        path = os.path.join(ck, "state.json")
        state = json.load(open(path)) if os.path.exists(path) else {"epoch": 0, "theta": 0.0, "history": []}
        lr, epochs = float(hp["lr"]), int(hp["epochs"])
        for epoch in range(state["epoch"] + 1, epochs + 1):
            state["theta"] += lr * (1 - state["theta"])
            state["epoch"] = epoch
            state["history"].append([os.environ["CAVIAR_JOB_NAME"], epoch, lr])
            with open(path + ".tmp", "w") as f:
                json.dump(state, f)
            os.replace(path + ".tmp", path)
            print(f"epoch={epoch} score={state['theta']}", flush=True)
            time.sleep(float(sys.argv[1]))
        """;

    internal static void WriteSpec(TempDirectory dir, string name, int population, int maxResource, int maxParallel, double sleep)
    {
        File.WriteAllText(dir.File("train.py"), Script);
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name,
            objective = new { type = "Maximize", metricName = "score" },
            strategy = "PBT",
            seed = 3,
            pbt = new { populationSize = population, perturbationInterval = 2, maxResource },
            trainingJob = new
            {
                command = new[] { "/usr/bin/python3", "train.py", sleep.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                metricDefinitions = new[] { new { name = "score", regex = @"epoch=(?<step>\d+) score=(?<value>\S+)" } },
            },
            hyperParameterRanges = new[] { new { type = "continuous", name = "lr", minValue = 0.01, maxValue = 0.5, scalingType = "Logarithmic" } },
            limits = new { maxParallel },
        }));
    }

    [Fact]
    public void A_script_population_trains_in_rounds_copies_top_checkpoints_and_reads_new_values_at_each_resume()
    {
        using var dir = new TempDirectory();
        WriteSpec(dir, "pop", population: 4, maxResource: 6, maxParallel: 2, sleep: 0);
        var run = CliRunner.RunWithin(TimeSpan.FromMinutes(5), dir.Path, "tune", "tune.json");
        Assert.True(run.ExitCode == 0, run.All);

        AssertPopulationComplete(dir, "pop", population: 4, rounds: 3);
    }

    /// <summary>
    /// Every member-round is one Completed trial; the lineage holds its score; its checkpoint (state.json) shows the
    /// whole history: the source member's checkpoint of the round before (its own, or the exploited member's), then this
    /// round's epochs trained with this round's learning rate. Exploits are logged once each and no partial copy is left.
    /// </summary>
    internal static void AssertPopulationComplete(TempDirectory dir, string name, int population, int rounds)
    {
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        AssertPopulationComplete(store, dir.File("caviar-artifacts"), name, population, rounds);
    }

    /// <summary><see cref="AssertPopulationComplete(TempDirectory, string, int, int)"/> in any store (PostgreSQL for workers).</summary>
    internal static void AssertPopulationComplete(IStudyStore store, string artifacts, string name, int population, int rounds)
    {
        long study = store.FindStudy(name)!.Id;
        var trials = store.GetTrials(study);
        Assert.Equal(population * rounds, trials.Count);
        Assert.All(trials, t => Assert.True(t.State == TrialState.Completed, $"trial {t.Number}: {t.State} {t.FailureReason}"));
        var lineage = ((IPbtLineageStore)store).GetPbtLineage(study);
        Assert.Equal(population * rounds, lineage.Count);
        Assert.All(lineage, e => Assert.Equal(trials[e.Round * population + e.Member].Value, e.Score));

        JsonArray HistoryOf(int member, int round) => JsonNode.Parse(File.ReadAllText(Path.Combine(
            JobDirectory.For(artifacts, TrialJobNames.For(name, round * population + member)).DefaultCheckpointDirectory, "state.json")))!["history"]!.AsArray();
        foreach (var entry in lineage)
        {
            var history = HistoryOf(entry.Member, entry.Round);
            Assert.Equal(2 * (entry.Round + 1), history.Count);    // no epoch lost, none trained twice
            string job = TrialJobNames.For(name, entry.Round * population + entry.Member);
            var own = history.Skip(2 * entry.Round).ToList();
            Assert.All(own, step => Assert.Equal(job, (string)step![0]!));
            Assert.All(own, step => Assert.Equal((double)entry.HyperParameters["lr"], (double)step![2]!, 12));
            if (entry.Round > 0)
            {
                var source = HistoryOf(entry.ParentMember ?? entry.Member, entry.Round - 1);
                Assert.Equal(source.Select(s => s!.ToJsonString()), history.Take(2 * entry.Round).Select(s => s!.ToJsonString()));
            }
        }
        var exploits = lineage.Where(e => e.ParentMember is not null).ToList();
        Assert.True(exploits.Count >= rounds - 1, $"only {exploits.Count} exploits");
        var copies = File.ReadAllLines(PbtPopulation.CopyLogOf(artifacts, name));
        Assert.Equal(copies.Length, copies.Distinct().Count());
        Assert.Equal(exploits.Select(e => $"round {e.Round} member {e.Member} copied member {e.ParentMember}").Order(), copies.Order());
        Assert.Empty(Directory.GetDirectories(Path.Combine(artifacts, "jobs"), "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public void Max_runtime_ends_a_population_early()
    {
        using var dir = new TempDirectory();
        WriteSpec(dir, "timed", population: 2, maxResource: 6, maxParallel: 2, sleep: 0.4);
        var spec = JsonNode.Parse(File.ReadAllText(dir.File("tune.json")))!;
        spec["limits"]!["maxRuntimeSeconds"] = 2;
        File.WriteAllText(dir.File("tune.json"), spec.ToJsonString());
        var run = CliRunner.RunWithin(TimeSpan.FromMinutes(3), dir.Path, "tune", "tune.json");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("Stopped: reached limits.maxRuntimeSeconds", run.Output);
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        Assert.True(store.GetTrials(store.FindStudy("timed")!.Id).Count < 6, "the population ran to its end");
    }

    [Fact]
    public async Task A_tuner_killed_mid_population_resumes_without_losing_a_checkpoint_or_copying_twice()
    {
        using var dir = new TempDirectory();
        WriteSpec(dir, "crash", population: 4, maxResource: 8, maxParallel: 2, sleep: 0.3);
        using (var tuner = CliRunner.Start(dir.Path, "tune", "tune.json"))
        {
            // Killed once the population is past its first exploit (round 1 under way), jobs running.
            string copies = PbtPopulation.CopyLogOf(dir.File("caviar-artifacts"), "crash");
            await Eventually.True(() => File.Exists(copies), timeoutSeconds: 180);
            tuner.Kill();
            await tuner.WaitForExitAsync();
        }
        using (var store = SqliteStudyStore.Open(dir.File("caviar.db")))
            Assert.True(store.GetTrials(store.FindStudy("crash")!.Id).Count < 16, "the population had finished before the kill");

        var resumed = CliRunner.RunWithin(TimeSpan.FromMinutes(5), dir.Path, "tune", "tune.json", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);

        AssertPopulationComplete(dir, "crash", population: 4, rounds: 4);
    }
}
