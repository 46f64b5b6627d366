using System.Diagnostics;
using Caviar.Storage.Sqlite;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Storage;

public class SqliteStudyStoreTests
{
    [Fact]
    public void A_study_survives_closing_the_store_and_resumes_with_its_history()
    {
        using var dir = new TempDirectory();
        var space = StandardFunctions.Branin.Space;
        using (var store = SqliteStudyStore.Open(dir.File("s.db")))
        {
            var study = Study.Create(store, "persist", ObjectiveDirection.Minimize, new StudyOptions { Seed = 9 });
            study.Optimize(t => StandardFunctions.Branin.Evaluate(t.Params), new TuningLimits { MaxTrials = 15 }, space: space);
        }
        using (var reopened = SqliteStudyStore.Open(dir.File("s.db")))
        {
            var study = Study.Load(reopened, "persist", new StudyOptions { Seed = 9 });
            Assert.Equal(15, study.Trials.Count);
            study.Optimize(t => StandardFunctions.Branin.Evaluate(t.Params), new TuningLimits { MaxTrials = 30 }, space: space);
            Assert.Equal(Enumerable.Range(0, 30), study.Trials.Select(t => t.Number));
        }

        // The same 30 trials in memory in one go give the same values: the resumed run used the stored history.
        var inMemory = Support.Studies.InMemory(seed: 9);
        inMemory.Optimize(t => StandardFunctions.Branin.Evaluate(t.Params), new TuningLimits { MaxTrials = 30 }, space: space);
        using var check = SqliteStudyStore.Open(dir.File("s.db"));
        Assert.Equal(inMemory.Trials.Select(t => t.Value), Study.Load(check, "persist").Trials.Select(t => t.Value));
    }

    [Fact]
    public void Two_thousand_trials_with_six_params_load_in_one_go()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("big.db"));
        var study = store.CreateStudy("big", ObjectiveDirection.Minimize, DateTimeOffset.UtcNow);
        var space = StandardFunctions.Hartmann6.Space;
        for (int i = 0; i < 2000; i++)
        {
            var trial = store.CreateTrial(study.Id, DateTimeOffset.UtcNow);
            foreach (var range in space.Ranges) store.SetParam(trial.Id, range.Name, i / 2000.0, range);
            store.FinishTrial(trial.Id, TrialState.Completed, i, DateTimeOffset.UtcNow);
        }
        var watch = Stopwatch.StartNew();
        var trials = store.GetTrials(study.Id);
        watch.Stop();
        Assert.Equal(2000, trials.Count);
        Assert.All(trials, t => Assert.Equal(6, t.Params.Count));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"loading took {watch.Elapsed}");
    }

    [Fact]
    public async Task Two_processes_on_one_file_never_get_the_same_trial_number()
    {
        using var dir = new TempDirectory();
        string db = dir.File("shared.db");
        using (var store = SqliteStudyStore.Open(db))
            store.CreateStudy("shared", ObjectiveDirection.Minimize, DateTimeOffset.UtcNow);

        await RunClaimers(db, "shared", processes: 2, trialsEach: 200);

        using var check = SqliteStudyStore.Open(db);
        var trials = check.GetTrials(check.FindStudy("shared")!.Id);
        Assert.Equal(Enumerable.Range(0, 400), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.Equal(2, trials.Select(t => (long)t.Value!.Value / 1_000_000).Distinct().Count());
    }

    /// <summary>Starts claimer processes at once on the same store and waits for all of them to succeed.</summary>
    internal static async Task RunClaimers(string db, string study, int processes, int trialsEach)
    {
        var claimers = Enumerable.Range(0, processes).Select(_ => StartClaimer(db, study, trialsEach)).ToList();
        foreach (var claimer in claimers)
        {
            string output = await claimer.StandardOutput.ReadToEndAsync();
            string error = await claimer.StandardError.ReadToEndAsync();
            await claimer.WaitForExitAsync();
            Assert.True(claimer.ExitCode == 0, output + error);
            claimer.Dispose();
        }
    }

    private static Process StartClaimer(string db, string study, int count)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Caviar.TrialClaimer.dll"), db, study, count.ToString() })
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
