using Caviar.Jobs.Launching;
using Caviar.Server;
using Caviar.Storage;

namespace Caviar.Tests.Server;

public class ServerOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new ServerOptions
        {
            Token = "t", OpenStore = () => new InMemoryStudyStore(), ArtifactsRoot = "artifacts",
            Launcher = new InProcessLauncher(TimeProvider.System),
        };
        Assert.Equal("http://127.0.0.1:8080", options.Url);
        Assert.Equal(Directory.GetCurrentDirectory(), options.BaseDirectory);
        Assert.Equal(1_048_576, options.MaxRequestBodyBytes);
        Assert.Equal(1_048_576, ServerOptions.DefaultMaxRequestBodyBytes);
        Assert.Empty(options.DataRoots);
        Assert.Equal(LauncherKind.Local, options.LauncherKind);
        Assert.Equal(RunnerCommand.OfCurrentProcess(), options.CaviarCommand);
        Assert.Same(TimeProvider.System, options.Clock);
    }
}
