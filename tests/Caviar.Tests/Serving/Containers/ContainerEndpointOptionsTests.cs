using Caviar.Serving.Containers;

namespace Caviar.Tests.Serving;

public class ContainerEndpointOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new ContainerEndpointOptions { Name = "model", Image = "local/serve:1", ModelDirectory = "model" };
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(8080, options.Port);
        Assert.Null(options.Token);
        Assert.Equal(8 * 1024 * 1024, options.MaxBodyBytes);
        Assert.Null(options.RegistryDirectory);
        Assert.Equal(TimeSpan.FromMinutes(2), options.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.InvocationTimeout);
        Assert.Same(TimeProvider.System, options.Clock);
    }
}
