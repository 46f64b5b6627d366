using Caviar.Serving.Transform;

namespace Caviar.Tests.Serving;

public class TransformOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new TransformOptions { ModelPath = "model.onnx", Input = "in", Output = "out" };
        Assert.Equal(256, options.Batch);
        Assert.Equal(1, options.Parallel);
        Assert.False(options.Resume);
        Assert.Equal(0, options.IntraOpThreads);
    }
}
