using Caviar.Jobs.Distributed;
using Caviar.Jobs.Specs;

namespace Caviar.Tests.Distributed;

public class RankEnvironmentTests
{
    [Fact]
    public void Ranks_are_numbered_host_by_host()
    {
        var ranks = Rank.All(hosts: 2, processesPerHost: 2);
        Assert.Equal([new Rank(0, 0, 0), new Rank(1, 1, 0), new Rank(2, 0, 1), new Rank(3, 1, 1)], ranks);
        Assert.Equal("algo-2", ranks[3].Host);
    }

    [Fact]
    public void Each_process_gets_torchruns_and_sagemakers_variables_and_its_own_devices()
    {
        var resources = new ResourcesSpec { InstanceCount = 2, ProcessesPerHost = 2, GpusPerProcess = 1, CpusPerProcess = 3 };
        var variables = RankEnvironment.For(new Rank(3, 1, 1), resources, "127.0.0.1", 29511, [5]);

        Assert.Equal("127.0.0.1", variables["MASTER_ADDR"]);
        Assert.Equal("29511", variables["MASTER_PORT"]);
        Assert.Equal(("4", "3", "1", "2", "1"),
            (variables["WORLD_SIZE"], variables["RANK"], variables["LOCAL_RANK"], variables["LOCAL_WORLD_SIZE"], variables["NODE_RANK"]));
        Assert.Equal("[\"algo-1\",\"algo-2\"]", variables["SM_HOSTS"]);
        Assert.Equal("algo-2", variables["SM_CURRENT_HOST"]);
        Assert.Equal(variables["SM_HOSTS"], variables["CAVIAR_HOSTS"]);
        Assert.Equal(("1", "3"), (variables["SM_NUM_GPUS"], variables["SM_NUM_CPUS"]));
        Assert.Equal("5", variables["CUDA_VISIBLE_DEVICES"]);
        Assert.Equal("3", variables["OMP_NUM_THREADS"]);
    }

    [Fact]
    public void A_process_without_gpus_sees_none()
    {
        var variables = RankEnvironment.For(new Rank(0, 0, 0), new ResourcesSpec { ProcessesPerHost = 2 }, "127.0.0.1", 1, []);
        Assert.Equal("", variables["CUDA_VISIBLE_DEVICES"]);
        Assert.Equal("0", variables["SM_NUM_GPUS"]);
    }

    [Fact]
    public void A_plain_one_process_job_can_init_a_process_group_and_keeps_the_hosts_threads_and_devices()
    {
        var variables = RankEnvironment.For(new Rank(0, 0, 0), new ResourcesSpec(), "127.0.0.1", 4000, []);
        Assert.Equal(("1", "0", "4000"), (variables["WORLD_SIZE"], variables["RANK"], variables["MASTER_PORT"]));
        Assert.False(variables.ContainsKey("CUDA_VISIBLE_DEVICES"));
        Assert.False(variables.ContainsKey("OMP_NUM_THREADS"));
    }

    [Fact]
    public void Sharded_files_are_dealt_out_by_name()
    {
        using var dir = new Support.TempDirectory();
        foreach (var name in new[] { "part-3", "part-0", "part-4", "part-1", "part-2" }) File.WriteAllText(dir.File(name), name);
        Assert.Equal(["part-0", "part-2", "part-4"], ChannelShards.For(dir.Path, 0, 2).Select(Path.GetFileName));
        Assert.Equal(["part-1", "part-3"], ChannelShards.For(dir.Path, 1, 2).Select(Path.GetFileName));
    }

    [Fact]
    public void Local_trials_never_oversubscribe_slots_or_gpus()
    {
        var twoGpus = new GpuInventory([0, 1], "test");
        Assert.Equal(2, LocalCapacity.Trials(4, new ResourcesSpec { GpusPerProcess = 1 }, slots: 16, twoGpus).Parallel);
        Assert.Equal(1, LocalCapacity.Trials(4, new ResourcesSpec { ProcessesPerHost = 2 }, slots: 2, twoGpus).Parallel);
        var (parallel, reason) = LocalCapacity.Trials(3, new ResourcesSpec(), slots: 8, twoGpus);
        Assert.Equal((3, null), (parallel, reason));
    }

    [Fact]
    public void Endpoints_give_every_rank_a_port_of_its_own_in_rank_order()
    {
        var ports = FreePort.PickMany(5);
        Assert.Equal(5, ports.Distinct().Count());
        var endpoints = RankEnvironment.Endpoints("127.0.0.1", ports.Skip(1).ToList());
        var variables = RankEnvironment.For(new Rank(1, 1, 0), new ResourcesSpec { ProcessesPerHost = 4 }, "127.0.0.1", ports[0], [], endpoints);
        Assert.Equal(string.Join(",", ports.Skip(1).Select(p => $"127.0.0.1:{p}")), variables[RankEnvironment.EndpointsVariable]);
        Assert.False(RankEnvironment.For(new Rank(0, 0, 0), new ResourcesSpec(), "127.0.0.1", 1, []).ContainsKey(RankEnvironment.EndpointsVariable));
    }
}
