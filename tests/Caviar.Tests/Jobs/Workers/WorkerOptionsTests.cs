using Caviar.Jobs.Workers;

namespace Caviar.Tests.Workers;

public class WorkerOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new WorkerOptions();
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", options.WorkerId);
        Assert.Equal(TimeSpan.FromSeconds(2), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StaleAfter);
        Assert.Equal(3, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.QueuePoll);
        Assert.Equal(TimeSpan.FromSeconds(10), options.DiskFullPause);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.IdlePoll);
    }
}
