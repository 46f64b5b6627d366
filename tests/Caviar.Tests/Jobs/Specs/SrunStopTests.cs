using System.Text.RegularExpressions;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Distributed;

/// <summary>Stopping a job whose ranks are the tasks of one srun step, on the real local Slurm.</summary>
[Collection(SlurmCollection.Name)]   // the single-node cluster is started once, by the collection
[Trait("Needs", "slurm")]
public sealed class SrunStopTests
{
    [Fact]
    public async Task A_stopped_job_sends_SIGTERM_to_srun_which_cancels_the_step_and_ends_every_task()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script("""
            echo "rank $RANK pid $$"
            exec sleep 60
            """) with { Resources = new ResourcesSpec { ProcessesPerHost = 2 } };
        var job = JobDirectory.For(dir.File("artifacts"), "srun-stop");
        using var stop = new CancellationTokenSource();
        var running = new TrainingJobRunner(TimeProvider.System) { Srun = new SrunRanks([System.Net.Dns.GetHostName()]) }
            .RunAsync(spec, "srun-stop", dir.Path, job, stop: stop.Token);

        string Log(int rank) => File.Exists(job.LogFile(0, rank)) ? File.ReadAllText(job.LogFile(0, rank)) : "";
        int? Pid(int rank) => Regex.Match(Log(rank), $@"rank {rank} pid (\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((Pid(0) is null || Pid(1) is null) && waited.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(100);
        Assert.True(Pid(1) is not null && Pid(0) is not null, "the tasks did not start: " + Log(0));
        stop.Cancel();
        var status = await running.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobState.Stopped, status.State);
        // srun's own handler of SIGTERM (a SIGKILL through the shim would have left the step to Slurm, its tasks running).
        Assert.Contains("srun: forcing job termination", Log(0));
        for (int rank = 0; rank < 2; rank++) Assert.False(Directory.Exists($"/proc/{Pid(rank)}"), $"rank {rank}'s task still runs");
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(50), $"took {waited.Elapsed}");
    }
}
