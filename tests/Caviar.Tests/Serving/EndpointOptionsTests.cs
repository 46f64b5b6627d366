using Caviar.Serving;
using Caviar.Serving.Models;

namespace Caviar.Tests.Serving;

public class EndpointOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new EndpointOptions { Name = "model", Variants = [] };
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(8080, options.Port);
        Assert.Null(options.Token);
        Assert.Equal(new Caviar.Serving.Batching.BatchingOptions(), options.Batching);
        Assert.Equal(0, options.IntraOpThreads);
        Assert.Equal(InferenceDevice.Cpu, options.Device);
        Assert.Null(options.DiscoverGpus);
        Assert.Equal(8 * 1024 * 1024, options.MaxBodyBytes);
        Assert.Null(options.RegistryDirectory);
        Assert.Same(TimeProvider.System, options.Clock);
    }
}
