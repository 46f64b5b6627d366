using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Hardening;

public class LeftoverJobProcessTests
{
    /// <summary>
    /// SIGKILL to the runner alone leaves its job process running. Resuming must not run a second copy beside it: the new
    /// runner follows the leftover to its end, and the job finishes exactly once.
    /// </summary>
    [Fact]
    public async Task Resuming_after_the_runner_was_killed_ends_its_leftover_job_so_the_job_finishes_once()
    {
        using var dir = new TempDirectory();
        string finished = dir.File("finished");
        File.WriteAllText(dir.File("job.json"), JsonSerializer.Serialize(new
        {
            name = "silent",
            command = new[] { "/bin/bash", "-c", $"sleep 4; echo \"$CAVIAR_ATTEMPT\" >> '{finished}'" },
        }));
        var job = JobDirectory.For(dir.File("caviar-artifacts"), "silent");
        using (var train = CliRunner.Start(dir.Path, "train", "job.json"))
        {
            await Eventually.True(() => JobStatus.Read(job.StatusFile)?.JobProcessId is not null);
            train.Kill(entireProcessTree: false);
            train.WaitForExit();
        }

        var resumed = CliRunner.Run(dir.Path, "train", "job.json", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        await Task.Delay(TimeSpan.FromSeconds(5));              // time enough for a leftover to finish too

        Assert.Equal(["0"], File.ReadAllLines(finished));                  // attempt 0, followed to its end, only
        Assert.Equal(1, JobStatus.Read(job.StatusFile)!.Attempts);
    }
}
