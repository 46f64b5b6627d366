using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Specs;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

/// <summary>
/// A runner that is a process of its own (<c>caviar train</c>) lowers its threads once the job's processes have started,
/// and the processes of a retry still start at the first priority (nice is inherited from the forking thread).
/// </summary>
public class RunnerPriorityTests
{
    /// <summary>
    /// Prints the job's own nice value and its runner's (the shim's parent; /proc/PID/stat field 19); the first attempt
    /// waits until the runner has lowered itself (it does so right after starting the job), then fails.
    /// </summary>
    private const string Script = """
        field() { local s n=$2; s=$(cat "/proc/$1/stat"); s=${s##*") "}; set -- $s; echo "${@:$n:1}"; }
        runner=$(field "$(field $$ 2)" 2)
        if [ "$CAVIAR_ATTEMPT" = 0 ]; then
          for i in $(seq 1 1200); do [ "$(field "$runner" 17)" = "$LOWERED" ] && break; sleep 0.1; done
        fi
        echo "own=$(field $$ 17) runner=$(field "$runner" 17)"
        [ "$CAVIAR_ATTEMPT" != 0 ]
        """;

    [Fact]
    public void The_runner_yields_to_the_job_and_the_retry_starts_at_the_first_priority()
    {
        using var dir = new TempDirectory();
        // caviar starts at the nice value of the thread that starts it (tests may run under `nice`).
        int first = RunnerPriority.NiceOf();
        int lowered = Math.Min(19, first + RunnerPriority.Offset);
        var spec = ShellJobs.Script(Script) with
        {
            Name = "nice",
            RetryStrategy = new RetryStrategy { MaximumRetryAttempts = 1 },
            Environment = new Dictionary<string, string> { ["LOWERED"] = lowered.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        File.WriteAllText(dir.File("nice.json"), JsonSerializer.Serialize(spec, SpecJson.Options));

        var train = CliRunner.RunWithin(TimeSpan.FromMinutes(5), dir.Path, "train", dir.File("nice.json"), "--artifacts", dir.File("artifacts"));

        Assert.True(train.ExitCode == 0, train.All);
        var job = JobDirectory.For(dir.File("artifacts"), "nice");
        Assert.Contains($"own={first} runner={lowered}", File.ReadAllText(job.LogFile(0)));
        // The retry was started after the runner lowered itself, from the thread kept at the first priority.
        Assert.Contains($"own={first} runner={lowered}", File.ReadAllText(job.LogFile(1)));
    }

    [Fact]
    public async Task A_runner_inside_another_program_leaves_its_priority_alone()
    {
        // Runners inside a test host or a tuner never lower themselves: only caviar train and job-run ask for it.
        using var dir = new TempDirectory();
        var before = ThreadNices();
        var runner = new TrainingJobRunner(TimeProvider.System);
        var status = await runner.RunAsync(ShellJobs.Script("echo started"), "shell-job", dir.Path,
            JobDirectory.For(dir.File("artifacts"), "shell-job"));

        Assert.Equal(JobState.Completed, status.State);
        Assert.False(runner.YieldsToRanks);
        Assert.Equal(before.Max(), ThreadNices().Max());
    }

    private static List<int> ThreadNices() =>
        [.. Directory.EnumerateDirectories("/proc/self/task").Select(task => int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture))
            .Select(thread => RunnerPriority.NiceOf(thread))];
}
