using System.Globalization;
using System.Text.Json;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Distributed;

/// <summary>
/// The variables each process of a job gets besides the job's own: torchrun's (<c>MASTER_ADDR</c>, <c>MASTER_PORT</c>,
/// <c>WORLD_SIZE</c>, <c>RANK</c>, <c>LOCAL_RANK</c>, <c>LOCAL_WORLD_SIZE</c>, <c>NODE_RANK</c>), so that
/// <c>init_process_group()</c> with env:// runs unchanged; SageMaker's (<c>SM_HOSTS</c>, <c>SM_CURRENT_HOST</c>,
/// <c>SM_NUM_GPUS</c>, <c>SM_NUM_CPUS</c>) and their <c>CAVIAR_</c> twins; <c>CUDA_VISIBLE_DEVICES</c> (the devices
/// given to that process, empty for none) and <c>OMP_NUM_THREADS</c> = cpus per process — these two only when the
/// job asks for several processes or for GPUs (<see cref="ResourcesSpec.UsesRanks"/>), so a plain one-process job
/// keeps the host's threads and devices as before. <c>CAVIAR_RANK_ENDPOINTS</c>, when given: an "address:port" for
/// every rank in rank order, each a port that rank may listen on, for libraries whose processes all connect to each
/// other rather than through rank 0 (LightGBM's <c>machines</c>, used by the built-in gbt).
/// </summary>
internal static class RankEnvironment
{
    /// <summary>Every rank's "address:port" to listen on, in rank order (only in jobs of several processes).</summary>
    public const string EndpointsVariable = "CAVIAR_RANK_ENDPOINTS";

    /// <summary>Every rank's endpoint on one address: <paramref name="ports"/>[r] for rank r.</summary>
    public static IReadOnlyList<string> Endpoints(string address, IReadOnlyList<int> ports) =>
        ports.Select(p => $"{address}:{p.ToString(CultureInfo.InvariantCulture)}").ToList();

    public static Dictionary<string, string> For(Rank rank, ResourcesSpec resources, string masterAddress, int masterPort,
        IReadOnlyList<int> gpus, IReadOnlyList<string>? endpoints = null)
    {
        string hosts = JsonSerializer.Serialize(Enumerable.Range(0, resources.InstanceCount).Select(Rank.HostName));
        string devices = string.Join(",", gpus.Select(g => g.ToString(CultureInfo.InvariantCulture)));
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MASTER_ADDR"] = masterAddress,
            ["MASTER_PORT"] = Text(masterPort),
            ["WORLD_SIZE"] = Text(resources.WorldSize),
            ["RANK"] = Text(rank.Global),
            ["LOCAL_RANK"] = Text(rank.Local),
            ["LOCAL_WORLD_SIZE"] = Text(resources.ProcessesPerHost),
            ["NODE_RANK"] = Text(rank.Node),
            ["GROUP_RANK"] = Text(rank.Node),
            ["SM_HOSTS"] = hosts,
            ["SM_CURRENT_HOST"] = rank.Host,
            ["SM_NUM_GPUS"] = Text(gpus.Count),
            ["SM_NUM_CPUS"] = Text(resources.CpusPerProcess),
            ["CAVIAR_HOSTS"] = hosts,
            ["CAVIAR_CURRENT_HOST"] = rank.Host,
            ["CAVIAR_NUM_GPUS"] = Text(gpus.Count),
            ["CAVIAR_NUM_CPUS"] = Text(resources.CpusPerProcess),
            ["CAVIAR_RANK"] = Text(rank.Global),
            ["CAVIAR_WORLD_SIZE"] = Text(resources.WorldSize),
        };
        if (endpoints is not null) variables[EndpointsVariable] = string.Join(",", endpoints);
        if (resources.UsesRanks)
        {
            variables["CUDA_VISIBLE_DEVICES"] = devices;
            variables["OMP_NUM_THREADS"] = Text(resources.CpusPerProcess);
        }
        return variables;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
