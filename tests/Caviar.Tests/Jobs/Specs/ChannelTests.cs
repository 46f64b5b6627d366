using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

public class ChannelTests
{
    private static async Task<string> RunAndLog(TempDirectory dir, string script, params ChannelSpec[] channels)
    {
        var spec = ShellJobs.Script(script) with { Channels = [.. channels] };
        var job = JobDirectory.For(dir.File("artifacts"), "shell-job");
        var status = await new TrainingJobRunner(TimeProvider.System).RunAsync(spec, "shell-job", dir.Path, job);
        Assert.True(status.State == JobState.Completed, status.FailureReason);
        return File.ReadAllText(job.LogFile(0));
    }

    private static TempDirectory WithData()
    {
        var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("data"));
        File.WriteAllText(dir.File("data/train.csv"), "x,y\n1,2\n3,4\n");
        return dir;
    }

    [Fact]
    public async Task File_mode_copies_the_data_into_the_job()
    {
        using var dir = WithData();
        string log = await RunAndLog(dir, "cat \"$CAVIAR_CHANNEL_TRAIN/train.csv\"; echo \"at=$CAVIAR_CHANNEL_TRAIN\"; [ -L \"$CAVIAR_CHANNEL_TRAIN\" ] && echo link || echo copy",
            new ChannelSpec { Name = "train", Path = "data" });
        Assert.Contains("3,4", log);
        Assert.Contains("copy", log);
        Assert.Contains("/input/data/train", log);
    }

    [Fact]
    public async Task Fast_file_mode_reads_the_data_in_place()
    {
        using var dir = WithData();
        string log = await RunAndLog(dir, "cat \"$SM_CHANNEL_TRAIN\"; [ -L \"$CAVIAR_CHANNEL_TRAIN\" ] && echo link || echo copy",
            new ChannelSpec { Name = "train", Path = "data/train.csv", InputMode = InputMode.FastFile });
        Assert.Contains("1,2", log);
        Assert.Contains("link", log);
    }

    [Fact]
    public async Task Pipe_mode_streams_through_a_fifo()
    {
        using var dir = WithData();
        string log = await RunAndLog(dir, "[ -p \"$CAVIAR_CHANNEL_TRAIN\" ] && echo fifo; wc -l < \"$CAVIAR_CHANNEL_TRAIN\"",
            new ChannelSpec { Name = "train", Path = "data/train.csv", InputMode = InputMode.Pipe });
        Assert.Contains("fifo", log);
        Assert.Contains("3", log);
    }

    [Fact]
    public async Task Pipe_mode_that_the_job_never_opens_does_not_hang()
    {
        using var dir = WithData();
        var log = await RunAndLog(dir, "echo ignored the channel",
            new ChannelSpec { Name = "train", Path = "data/train.csv", InputMode = InputMode.Pipe });
        Assert.Contains("ignored", log);
    }

    [Fact]
    public async Task Pipe_mode_can_stream_on_stdin()
    {
        using var dir = WithData();
        string log = await RunAndLog(dir, "echo \"channel=$CAVIAR_CHANNEL_TRAIN\"; tail -n 1",
            new ChannelSpec { Name = "train", Path = "data/train.csv", InputMode = InputMode.Pipe, Stdin = true });
        Assert.Contains("channel=-", log);
        Assert.Contains("3,4", log);
    }
}
