using Caviar.Jobs.Running;

namespace Caviar.Tests.Jobs;

/// <summary>
/// Which caviar commands make their thread pool's idle workers sleep at once (issue 12, ddp12c): a job's runner, whose
/// spinning workers ran beside the ranks; never a server or a tuner, for which .NET's spinning pays off.
/// </summary>
public class RunnerThreadPoolTests
{
    [Theory]
    [InlineData("train spec.json", true)]
    [InlineData("train spec.json --resume", true)]
    [InlineData("job-run /artifacts/jobs/trial-3", true)]
    [InlineData("job-run --standby /artifacts/jobs", true)]
    [InlineData("tune spec.json --parallel 2", false)]
    [InlineData("serve", false)]
    [InlineData("deploy fashion --model model.onnx", false)]
    [InlineData("logs train", false)]
    [InlineData("", false)]
    public void Only_a_runner_process_stops_its_pool_spinning(string command, bool runner) =>
        Assert.Equal(runner, RunnerThreadPool.IsRunnerCommand(command.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
}
