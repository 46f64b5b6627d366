using Caviar.Jobs.Launching;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.SearchSpaces;
using Caviar.Tests.Support;
using Caviar.Validation;

namespace Caviar.Tests.Jobs;

/// <summary>
/// An image that is only in a registry: the cluster pulls it for <c>--launcher kubernetes</c>, so the spec check does
/// not ask the local engine; on this host (local, Slurm) the image must be here.
/// </summary>
public class KubernetesImageCheckTests
{
    private const string RegistryOnly = "registry.example/caviar-never-pulled-here:7";

    private static TrainingJobSpec Job() => new()
    {
        Name = "boxed", Image = RegistryOnly, MetricDefinitions = [ShellJobs.Loss],
    };

    private static TuningSpec Tuning() => new()
    {
        Name = "boxed-study", Objective = new ObjectiveSpec { MetricName = "loss" }, Strategy = "Random",
        TrainingJob = Job() with { Name = null },
        HyperParameterRanges = [new ContinuousRange("x", 0, 1)], Limits = new LimitsSpec { MaxTrials = 2 },
    };

    [Fact]
    public void Under_kubernetes_a_registry_only_image_is_accepted_for_a_training_job_and_a_tuning_job()
    {
        using var dir = new TempDirectory();
        var plan = TrainingJobValidator.Compile(Job(), dir.Path, launcher: LauncherKind.Kubernetes);
        Assert.Equal(RegistryOnly, plan.Spec.Image);
        var tuning = TuningSpecLoader.Compile(Tuning(), dir.Path, LauncherKind.Kubernetes);
        Assert.Equal(RegistryOnly, tuning.TrainingJob!.Spec.Image);
    }

    [Theory]
    [InlineData(LauncherKind.Local)]
    [InlineData(LauncherKind.Slurm)]
    public void On_this_host_the_same_image_is_refused_naming_the_field(LauncherKind launcher)
    {
        using var dir = new TempDirectory();
        var refused = Assert.Throws<CaviarValidationException>(() => TrainingJobValidator.Compile(Job(), dir.Path, launcher: launcher));
        Assert.Equal("image", refused.Field);
        // With an engine the reason is "image '...' does not exist here"; without one, the engine's fault (same field).
        var tuningRefused = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Compile(Tuning(), dir.Path, launcher));
        Assert.Equal(["trainingJob.image"], tuningRefused.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Under_kubernetes_a_bad_image_name_is_still_refused()
    {
        using var dir = new TempDirectory();
        var refused = Assert.Throws<CaviarValidationException>(() =>
            TrainingJobValidator.Compile(Job() with { Image = "Bad Name" }, dir.Path, launcher: LauncherKind.Kubernetes));
        Assert.Equal("image", refused.Field);
    }
}
