using Caviar.Serving.Batching;

namespace Caviar.Tests.Serving;

public class BatchingOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new BatchingOptions();
        Assert.Equal(64, options.MaxBatch);
        Assert.Equal(500, options.MaxDelayMicroseconds);
    }
}
