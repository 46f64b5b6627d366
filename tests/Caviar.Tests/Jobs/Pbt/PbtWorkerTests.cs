using System.Diagnostics;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Tuning;
using Caviar.Storage.Postgres;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Pbt;

/// <summary>
/// A PBT population run by two `caviar worker` processes sharing a real PostgreSQL store and one artifacts folder (the
/// script job of <see cref="PbtTuningTests"/>): one worker is killed mid-round together with its job (a machine lost),
/// the other requeues that member-round and runs it on from the job's checkpoint. Every member-round runs once, every
/// checkpoint is copied once, and the population is the one `caviar tune` gives alone.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Needs", "postgres")]
public class PbtWorkerTests(PostgresServer server)
{
    [Fact]
    public async Task Two_workers_on_PostgreSQL_run_a_population_once_and_a_killed_workers_round_goes_on_from_its_checkpoint()
    {
        using var whole = new TempDirectory();
        PbtTuningTests.WriteSpec(whole, "shared", population: 4, maxResource: 6, maxParallel: 2, sleep: 0);
        var alone = CliRunner.RunWithin(TimeSpan.FromMinutes(5), whole.Path, "tune", "tune.json");
        Assert.True(alone.ExitCode == 0, alone.All);

        using var dir = new TempDirectory();
        PbtTuningTests.WriteSpec(dir, "shared", population: 4, maxResource: 6, maxParallel: 2, sleep: 1);
        string url = server.NewDatabase(), artifacts = dir.File("caviar-artifacts");
        string[] Args(string id) => ["worker", "tune.json", "--store", url, "--worker-id", id, "--heartbeat", "0.3", "--stale-after", "5"];
        var workers = new Dictionary<string, Process> { ["w0"] = CliRunner.Start(dir.Path, Args("w0")), ["w1"] = CliRunner.Start(dir.Path, Args("w1")) };
        var outputs = workers.ToDictionary(w => w.Key, w => (Out: w.Value.StandardOutput.ReadToEndAsync(), Err: w.Value.StandardError.ReadToEndAsync()));
        try
        {
            // A member-round of round 1 or later (trial ≥ 4) whose job has trained an epoch of its round: its worker and
            // the job's whole session (runner, shim, script) are killed.
            TrialRecord? victim = null;
            JobStatus? victimJob = null;
            await Eventually.True(() =>
            {
                using var store = PostgresStudyStore.Open(url);
                if (store.FindStudy("shared") is not { } study) return false;
                foreach (var trial in store.GetTrials(study.Id).Where(t => t.Number >= 4 && t.State == TrialState.Running && t.Worker is not null))
                {
                    var job = JobOf(artifacts, trial.Number);
                    long firstOfRound = 2L * (trial.Number / 4) + 1;
                    if (JobStatus.Read(job.StatusFile) is { RunnerProcessId: not null, JobProcessId: not null } status &&
                        MetricLog.Read(job.MetricsFile).Any(m => m.Step >= firstOfRound))
                    {
                        (victim, victimJob) = (trial, status);
                        return true;
                    }
                }
                return false;
            }, timeoutSeconds: 240);
            var killed = victim!;
            workers[killed.Worker!].Kill();
            KillSession(victimJob!.RunnerProcessId!.Value);
            var survivor = workers.Single(w => w.Key != killed.Worker);
            Assert.True(survivor.Value.WaitForExit(TimeSpan.FromMinutes(5)), "the surviving worker did not finish the population");
            Assert.True(survivor.Value.ExitCode == 0, await outputs[survivor.Key].Out + await outputs[survivor.Key].Err);

            using (var store = PostgresStudyStore.Open(url))
            {
                PbtTuningTests.AssertPopulationComplete(store, artifacts, "shared", population: 4, rounds: 3);
                var redone = store.GetTrials(store.FindStudy("shared")!.Id).Single(t => t.Number == killed.Number);
                Assert.Equal(survivor.Key, redone.Worker);
                // The killed attempt never ended; the survivor's runner went on from the checkpoint in a new attempt.
                Assert.True(JobStatus.Read(JobOf(artifacts, killed.Number).StatusFile)!.Attempts >= 2);
                using var reference = SqliteStudyStore.Open(whole.File("caviar.db"));
                Assert.Equal(PbtStopResumeTests.LineageOf(reference, "shared"), PbtStopResumeTests.LineageOf(store, "shared"));
            }
        }
        finally
        {
            foreach (var worker in workers.Values)
            {
                if (!worker.HasExited) worker.Kill(entireProcessTree: true);
                worker.Dispose();
            }
        }
    }

    private static JobDirectory JobOf(string artifacts, int trial) => JobDirectory.For(artifacts, TrialJobNames.For("shared", trial));

    /// <summary>SIGKILL to every process of session <paramref name="session"/> (a job runner is the leader of its own, setsid).</summary>
    private static void KillSession(int session)
    {
        foreach (var stat in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string text;
            try { text = File.ReadAllText(Path.Combine(stat, "stat")); }
            catch (IOException) { continue; }
            // pid (comm) state ppid pgrp session ...: the fields after the command's closing parenthesis.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 3 && int.TryParse(fields[3], out int sid) && sid == session)
            {
                try { Process.GetProcessById(int.Parse(Path.GetFileName(stat))).Kill(); }
                catch (ArgumentException) { }             // ended meanwhile
                catch (InvalidOperationException) { }
            }
        }
    }
}
