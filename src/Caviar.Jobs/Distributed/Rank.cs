namespace Caviar.Jobs.Distributed;

/// <summary>One process of a job: its global rank, its rank on its host, and its host's rank (all from 0).</summary>
public sealed record Rank(int Global, int Local, int Node)
{
    /// <summary>SageMaker's name for host <paramref name="node"/>: algo-1, algo-2, ….</summary>
    public static string HostName(int node) => $"algo-{node + 1}";

    public string Host => HostName(Node);

    /// <summary>Every rank of a job, host by host: ranks 0..M-1 on the first host, M..2M-1 on the second, ….</summary>
    public static IReadOnlyList<Rank> All(int hosts, int processesPerHost) =>
        Enumerable.Range(0, hosts).SelectMany(node => Enumerable.Range(0, processesPerHost)
            .Select(local => new Rank(node * processesPerHost + local, local, node))).ToList();
}
