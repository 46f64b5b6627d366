using Caviar.Jobs.Distributed;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;
using Caviar.Validation;

namespace Caviar.Tests.Distributed;

public class ResourcesValidationTests
{
    private static string FieldOf(TrainingJobSpec spec, string baseDirectory, GpuInventory? gpus = null) =>
        Assert.Throws<CaviarValidationException>(() =>
            TrainingJobValidator.Compile(spec, baseDirectory, "trainingJob.", nameRequired: false, hostGpus: gpus)).Field;

    private static TrainingJobSpec Script(ResourcesSpec resources) =>
        new() { Command = ["/bin/true"], Resources = resources };

    [Theory]
    [InlineData(0, 1, 0, 1, "trainingJob.resources.instanceCount")]
    [InlineData(1, -2, 0, 1, "trainingJob.resources.processesPerHost")]
    [InlineData(1, 1, -1, 1, "trainingJob.resources.gpusPerProcess")]
    [InlineData(1, 1, 0, 0, "trainingJob.resources.cpusPerProcess")]
    public void Counts_out_of_range_are_refused_naming_the_field(int hosts, int perHost, int gpus, int cpus, string field)
    {
        using var dir = new TempDirectory();
        Assert.Equal(field, FieldOf(Script(new ResourcesSpec
        {
            InstanceCount = hosts, ProcessesPerHost = perHost, GpusPerProcess = gpus, CpusPerProcess = cpus,
        }), dir.Path));
    }

    [Fact]
    public void More_gpus_than_this_host_has_are_refused_and_so_is_any_on_a_host_without()
    {
        using var dir = new TempDirectory();
        var spec = Script(new ResourcesSpec { ProcessesPerHost = 2, GpusPerProcess = 1 });
        Assert.Equal("trainingJob.resources.gpusPerProcess", FieldOf(spec, dir.Path, new GpuInventory([0], "test")));
        var none = Assert.Throws<CaviarValidationException>(() =>
            TrainingJobValidator.Compile(spec, dir.Path, nameRequired: false, hostGpus: GpuInventory.None));
        Assert.Contains("this host has none", none.Message);
        TrainingJobValidator.Compile(spec, dir.Path, nameRequired: false, hostGpus: new GpuInventory([0, 1], "test"));   // fits
    }

    [Fact]
    public void Sharding_a_single_file_over_two_hosts_is_refused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("train.csv"), "1,2\n");
        var spec = Script(new ResourcesSpec { InstanceCount = 2 }) with
        {
            Channels = [new ChannelSpec { Name = "train", Path = "train.csv", Distribution = ChannelDistribution.ShardedByKey }],
        };
        Assert.Equal("trainingJob.channels[0].distribution", FieldOf(spec, dir.Path));
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    public void Neural_builtins_refuse_several_processes_and_point_to_script_mode(string algorithm)
    {
        using var dir = new TempDirectory();
        var spec = new TrainingJobSpec { Algorithm = algorithm, Resources = new ResourcesSpec { ProcessesPerHost = 2 } };
        var error = Assert.Throws<CaviarValidationException>(() => TrainingJobValidator.Compile(spec, dir.Path, nameRequired: false));
        Assert.Equal("resources.processesPerHost", error.Field);
        Assert.Contains("torch.distributed", error.Message);
    }

    [Fact]
    public void Gbt_accepts_several_processes_for_lightgbms_distributed_learning()
    {
        using var dir = new TempDirectory();
        var spec = new TrainingJobSpec { Algorithm = "gbt", Resources = new ResourcesSpec { InstanceCount = 2, ProcessesPerHost = 2 } };
        TrainingJobValidator.Compile(spec, dir.Path, nameRequired: false);
        var linear = spec with { Algorithm = "linear" };
        Assert.Equal("resources.processesPerHost",
            Assert.Throws<CaviarValidationException>(() => TrainingJobValidator.Compile(linear, dir.Path, nameRequired: false)).Field);
    }

    [Fact]
    public void A_pipe_channel_cannot_feed_several_processes()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("train.csv"), "1,2\n");
        var spec = Script(new ResourcesSpec { ProcessesPerHost = 2 }) with
        {
            Channels = [new ChannelSpec { Name = "train", Path = "train.csv", InputMode = InputMode.Pipe }],
        };
        Assert.Equal("trainingJob.channels[0].inputMode", FieldOf(spec, dir.Path));
    }
}
