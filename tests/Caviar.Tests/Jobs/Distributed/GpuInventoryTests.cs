using Caviar.Jobs.Distributed;
using Caviar.Jobs.Efficiency;
using Caviar.Validation;

namespace Caviar.Tests.Distributed;

public class GpuInventoryTests
{
    private static string Recorded(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Distributed", "Recorded", name));

    [Fact]
    public void Finds_the_devices_nvidia_smi_lists()
    {
        var inventory = GpuInventory.Discover(_ => null, () => Recorded("nvidia-smi-L-h100x4.txt"));
        Assert.Equal([0, 1, 2, 3], inventory.Devices);
        Assert.Equal("nvidia-smi -L", inventory.Source);
    }

    [Fact]
    public void Finds_the_gpu_of_a_real_h200_host()   // nvidia-smi -L as recorded on the lent H200 on 2026-11-28
    {
        var inventory = GpuInventory.Discover(_ => null, () => Recorded("nvidia-smi-L-h200.txt"));
        Assert.Equal([0], inventory.Devices);
    }

    [Fact]
    public void A_host_without_nvidia_smi_has_none() =>
        Assert.Empty(GpuInventory.Discover(_ => null, () => null).Devices);

    [Fact]
    public void The_variable_overrides_discovery_and_an_empty_one_means_none()
    {
        Assert.Equal([2, 3], GpuInventory.Discover(v => v == "CAVIAR_GPUS" ? "2,3" : null, () => Recorded("nvidia-smi-L-h100x4.txt")).Devices);
        Assert.Empty(GpuInventory.Discover(v => v == "CAVIAR_GPUS" ? "" : null, () => Recorded("nvidia-smi-L-h100x4.txt")).Devices);
    }

    [Theory]
    [InlineData("0,x")]
    [InlineData("1,1")]
    [InlineData("-1")]
    public void A_bad_device_list_is_refused_naming_the_flag(string list)
    {
        var error = Assert.Throws<CaviarValidationException>(() => GpuInventory.ParseList(list, "--gpus"));
        Assert.Equal("--gpus", error.Field);
    }

    [Fact]
    public void Reads_utilisation_and_memory_per_device_from_nvidia_smi_query_output()
    {
        var devices = GpuReadings.Parse("0, 87, 1534\n1, [N/A], [N/A]\n2, 0, 3\n");
        Assert.Equal([new GpuReadings.Device(0, 87, 1534), new GpuReadings.Device(2, 0, 3)], devices);
    }
}
