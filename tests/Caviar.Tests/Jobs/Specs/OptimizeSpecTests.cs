using Caviar.Jobs.Specs;

namespace Caviar.Tests.Specs;

public class OptimizeSpecTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var spec = new OptimizeSpec();
        Assert.Equal("int8", spec.Variant);
        Assert.True(spec.Measure);
        Assert.Equal(0.5, spec.Sparsity);
        Assert.Equal(10_000, spec.TestExamples);
        Assert.Equal(500, spec.CalibrationExamples);
        Assert.Equal(1, spec.Threads);
        Assert.Null(new TrainingJobSpec().Optimize);
    }

    [Fact]
    public void A_tuned_sparsity_moves_from_the_trials_values_into_the_step_and_the_plugin_reads_the_same_names()
    {
        var job = new TrainingJobSpec { Algorithm = "cnn", Optimize = new OptimizeSpec { Variant = "pruned" } };
        var (applied, rest) = OptimizeStep.ApplyTuned(job, new Dictionary<string, object> { ["optimize.sparsity"] = 0.25, ["dropout"] = 0.1 });
        Assert.Equal(0.25, applied.Optimize!.Sparsity);
        Assert.Equal(["dropout"], rest!.Keys);

        Assert.Equal(Caviar.Algorithms.Hosting.TrialOptimization.Variable, OptimizeStep.Variable);
        Assert.Equal(Caviar.Algorithms.Onnx.ModelOptimizer.VariantNames, OptimizeStep.Variants);
        var read = System.Text.Json.JsonSerializer.Deserialize<Caviar.Algorithms.Hosting.TrialOptimization.Settings>(
            OptimizeStep.Json(applied.Optimize), System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Equal(new Caviar.Algorithms.Hosting.TrialOptimization.Settings("pruned", true, 0.25, 10_000, 500, 1), read);
        Assert.Equal(["model_size_kib", "model_size_compressed_kib"], OptimizeStep.MetricsOf(job with { Optimize = job.Optimize with { Measure = false } }));
    }
}
