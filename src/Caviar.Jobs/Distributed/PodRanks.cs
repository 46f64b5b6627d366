using System.Globalization;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Distributed;

/// <summary>
/// A job on several hosts as the pods of a Kubernetes Indexed Job: this pod is host <see cref="Node"/> of
/// <see cref="Hosts"/> (stable names through the headless Service, host 0 first) and starts only its own ranks. Host 0
/// runs the job's runner; every other host runs <see cref="HostFollower"/>, which starts its ranks for each attempt
/// the runner begins (status.json's attempt count), each under the attempt shim, whose exit file
/// (<c>logs/attempt-A.rank-R.exit</c>) the runner reads as it reads its own ranks'. Each pod has its own network, so
/// the ports are fixed: rank 0's rendezvous on <see cref="MasterPort"/>, local rank l listens on
/// <see cref="MasterPort"/> + 1 + l.
/// </summary>
internal sealed record PodRanks(IReadOnlyList<string> Hosts, int Node)
{
    /// <summary>torchrun's usual rendezvous port. 29500.</summary>
    public const int MasterPort = 29500;

    public string MasterAddress => Hosts[0];

    /// <summary>Every rank's endpoint: local rank l of host n at Hosts[n]:MasterPort+1+l.</summary>
    public IReadOnlyList<string> Endpoints(ResourcesSpec resources) =>
        Rank.All(resources.InstanceCount, resources.ProcessesPerHost)
            .Select(r => $"{Hosts[r.Node]}:{(MasterPort + 1 + r.Local).ToString(CultureInfo.InvariantCulture)}").ToList();

    /// <summary>
    /// How the other hosts' ranks of an attempt ended so far: global rank → exit code, for those whose shims wrote their
    /// exit files (<c>logs/attempt-A.rank-R.exit</c> in the shared job directory).
    /// </summary>
    public IReadOnlyDictionary<int, int> OtherHostsExits(JobDirectory job, int attempt, ResourcesSpec resources)
    {
        var exits = new Dictionary<int, int>();
        foreach (var rank in Rank.All(resources.InstanceCount, resources.ProcessesPerHost).Where(r => r.Node != Node))
            if (AttemptShim.ReadExit(job.ExitFile(attempt, rank.Global)) is { } exit)
                exits[rank.Global] = exit.JobExitCode;
        return exits;
    }

    /// <summary>This pod's place, from the Indexed Job's variables (<c>CAVIAR_NODE_RANK</c>, <c>CAVIAR_NODE_HOSTS</c>); null outside one.</summary>
    public static PodRanks? FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? node = environment("CAVIAR_NODE_RANK"), hosts = environment("CAVIAR_NODE_HOSTS");
        if (node is null || hosts is null) return null;
        var list = hosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!int.TryParse(node, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= list.Length)
            throw new InvalidOperationException($"CAVIAR_NODE_RANK='{node}' is not a host of CAVIAR_NODE_HOSTS ({list.Length} hosts)");
        return new PodRanks(list, index);
    }
}
