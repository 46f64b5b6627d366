using Caviar.Launchers.Kubernetes;

namespace Caviar.Tests.Jobs;

public class KubernetesLauncherOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new KubernetesLauncherOptions();
        Assert.Equal("default", options.Namespace);
        Assert.Equal("caviar:latest", options.Image);
        Assert.Equal(["caviar"], options.RunnerCommand);
        Assert.Equal("caviar-artifacts", options.ArtifactsClaim);
        Assert.Equal("1", options.Cpu);
        Assert.Equal("2Gi", options.Memory);
    }
}
