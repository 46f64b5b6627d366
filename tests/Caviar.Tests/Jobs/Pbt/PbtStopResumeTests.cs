using System.Globalization;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Pbt;
using Caviar.Jobs.Running;
using Caviar.Jobs.Tuning;
using Caviar.Pbt;
using Caviar.Storage;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Pbt;

/// <summary>
/// `caviar stop` then `caviar tune --resume` on a PBT population (real processes, the script job of
/// <see cref="PbtTuningTests"/>): the member-rounds the stop interrupted stay Running, their jobs go on from their own
/// checkpoints, and the finished population is the one an uninterrupted run gives (the script is deterministic).
/// </summary>
public class PbtStopResumeTests
{
    [Fact]
    public async Task A_stopped_population_resumes_where_it_was_and_ends_as_an_uninterrupted_run()
    {
        using var whole = new TempDirectory();
        PbtTuningTests.WriteSpec(whole, "halted", population: 4, maxResource: 6, maxParallel: 2, sleep: 0);
        var uninterrupted = CliRunner.RunWithin(TimeSpan.FromMinutes(5), whole.Path, "tune", "tune.json");
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.All);

        using var dir = new TempDirectory();
        // Each epoch sleeps 2 s after its checkpoint and metric, so a stop lands while jobs train.
        PbtTuningTests.WriteSpec(dir, "halted", population: 4, maxResource: 6, maxParallel: 2, sleep: 2);
        string artifacts = dir.File("caviar-artifacts");
        using (var tuner = CliRunner.Start(dir.Path, "tune", "tune.json"))
        {
            var output = tuner.StandardOutput.ReadToEndAsync();
            var error = tuner.StandardError.ReadToEndAsync();
            // Stopped once a job of round 1 (trials 4..7) has logged its first epoch of the round (epoch 3).
            await Eventually.True(() => Enumerable.Range(4, 4).Any(n => MetricLog.Read(JobOf(artifacts, n).MetricsFile).Any(m => m.Step >= 3)),
                timeoutSeconds: 240);
            var stop = CliRunner.Run(dir.Path, "stop", "halted");
            Assert.True(stop.ExitCode == 0, stop.All);
            Assert.True(tuner.WaitForExit(TimeSpan.FromMinutes(2)), "the tuner did not end after the stop");
            Assert.True(tuner.ExitCode == 0, await output + await error);
        }

        List<int> reopened;
        using (var store = SqliteStudyStore.Open(dir.File("caviar.db")))
        {
            var trials = store.GetTrials(store.FindStudy("halted")!.Id);
            Assert.DoesNotContain(trials, t => t.State == TrialState.Stopped);
            var open = trials.Where(t => t.State == TrialState.Running).Select(t => t.Number).ToList();
            // A round after the first was under way (on a loaded machine the stop may reach the tuner a round later).
            Assert.NotEmpty(open);
            Assert.Single(open.Select(n => n / 4).Distinct());
            Assert.True(open[0] >= 4, $"trial {open[0]} of round 0 left open");
            reopened = open.Where(n => JobStatus.Read(JobOf(artifacts, n).StatusFile) is { State: JobState.Stopped }).ToList();
            Assert.NotEmpty(reopened);                               // a job was stopped mid-round
        }
        string[] copiesBefore = File.Exists(CopyLog(artifacts)) ? File.ReadAllLines(CopyLog(artifacts)) : [];

        var resumed = CliRunner.RunWithin(TimeSpan.FromMinutes(5), dir.Path, "tune", "tune.json", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);

        // Every member-round Completed once, no epoch lost or trained twice, every copy made once.
        PbtTuningTests.AssertPopulationComplete(dir, "halted", population: 4, rounds: 3);
        Assert.Equal(copiesBefore, File.ReadAllLines(CopyLog(artifacts)).Take(copiesBefore.Length));
        foreach (int n in reopened)
        {
            var status = JobStatus.Read(JobOf(artifacts, n).StatusFile)!;
            Assert.Equal(JobState.Completed, status.State);
            Assert.Equal(2, status.Attempts);                        // the stopped attempt, then one going on from its checkpoint
        }
        using var stopped = SqliteStudyStore.Open(dir.File("caviar.db"));
        using var reference = SqliteStudyStore.Open(whole.File("caviar.db"));
        Assert.Equal(LineageOf(reference, "halted"), LineageOf(stopped, "halted"));
    }

    private static JobDirectory JobOf(string artifacts, int trial) =>
        JobDirectory.For(artifacts, TrialJobNames.For("halted", trial));

    private static string CopyLog(string artifacts) => PbtPopulation.CopyLogOf(artifacts, "halted");

    /// <summary>The lineage as text: round, member, copied member, learning rate and score (to 12 significant digits).</summary>
    internal static List<string> LineageOf(IStudyStore store, string name) =>
        ((IPbtLineageStore)store).GetPbtLineage(store.FindStudy(name)!.Id)
        .Select(e => string.Create(CultureInfo.InvariantCulture,
            $"round {e.Round} member {e.Member} parent {e.ParentMember} lr {(double)e.HyperParameters["lr"]:G12} score {e.Score:G12}"))
        .ToList();
}
