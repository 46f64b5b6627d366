using System.Diagnostics;
using Caviar.Storage.Postgres;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Workers;

[Collection(PostgresCollection.Name)]
[Trait("Needs", "postgres")]
public class WorkerFleetTests(PostgresServer server)
{
    [Fact]
    public async Task Eight_workers_run_ten_thousand_trials_exactly_once_while_workers_are_killed()
    {
        using var dir = new TempDirectory();
        string url = server.NewDatabase();
        File.WriteAllText(dir.File("fleet.json"), """
            { "name": "fleet", "objective": { "function": "branin" }, "strategy": "Random", "seed": 1,
              "limits": { "maxTrials": 10000 } }
            """);
        string[] Args(int n) => ["worker", "fleet.json", "--store", url, "--worker-id", $"w{n}", "--heartbeat", "0.2", "--stale-after", "1.5"];
        var workers = Enumerable.Range(0, 8).Select(n => CliRunner.Start(dir.Path, Args(n))).ToList();
        var random = new Random(7);
        int killed = 0, next = 8;
        var watch = Stopwatch.StartNew();
        while (workers.Any(w => !w.HasExited) && watch.Elapsed < TimeSpan.FromMinutes(4))
        {
            await Task.Delay(700);
            if (killed < 6 && CompletedSoFar(url) > 500 * (killed + 1))
            {
                var victim = workers.Where(w => !w.HasExited).OrderBy(_ => random.Next()).FirstOrDefault();
                if (victim is null) continue;
                victim.Kill();                              // SIGKILL: no chance to finish its trial
                killed++;
                workers.Add(CliRunner.Start(dir.Path, Args(next++)));
            }
        }
        foreach (var worker in workers)
        {
            Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(1)), "a worker did not finish");
            worker.Dispose();
        }
        Assert.Equal(6, killed);

        using var store = PostgresStudyStore.Open(url);
        var trials = store.GetTrials(store.FindStudy("fleet")!.Id);
        Assert.Equal(Enumerable.Range(0, 10000), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.All(trials, t => Assert.Equal(2, t.Params.Count));
    }

    private static int CompletedSoFar(string url)
    {
        using var store = PostgresStudyStore.Open(url);
        return store.FindStudy("fleet") is { } study ? store.Count(study.Id).Finished : 0;
    }
}
