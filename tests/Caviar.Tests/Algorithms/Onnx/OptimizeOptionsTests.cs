using Caviar.Algorithms.Onnx;

namespace Caviar.Tests.Algorithms;

public class OptimizeOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new OptimizeOptions();
        Assert.Equal(0.5, options.Sparsity);
        Assert.True(options.GlobalPruning);
        Assert.Equal(0, options.FineTuneEpochs);
        Assert.Equal(10_000, options.TestExamples);
        Assert.Equal(500, options.CalibrationExamples);
        Assert.Equal(1, options.Threads);
    }
}
