using System.Globalization;

namespace Caviar.Algorithms.LightGbm;

/// <summary>
/// This process's place in LightGBM's own socket network for distributed learning (LightGBM's Distributed Learning
/// Guide): every machine is listed as "address:port" in rank order, each listens on its own port and connects to
/// the others; datasets built while joined find their bins together, and a booster with <c>tree_learner=data</c>
/// sums its histograms over all machines, so every machine grows the same trees from its own rows. The network is
/// process-wide in LightGBM: one instance at a time; disposing leaves it.
/// </summary>
public sealed class LightGbmNetwork : IDisposable
{
    /// <summary>How long a machine waits for its peers to listen and connect. 10 minutes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private bool _joined;

    /// <summary>All machines' "address:port", in rank order (host names resolved to IPv4 addresses).</summary>
    public IReadOnlyList<string> Machines { get; }

    /// <summary>This process's index in <see cref="Machines"/>.</summary>
    public int Rank { get; }

    private LightGbmNetwork(IReadOnlyList<string> machines, int rank) => (Machines, Rank) = (machines, rank);

    /// <summary>Joins the network as machine <paramref name="rank"/> of <paramref name="machines"/>; blocks until all are connected.</summary>
    public static LightGbmNetwork Join(IReadOnlyList<string> machines, int rank, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, machines.Count);
        machines = machines.Select(Resolved).ToList();
        int port = Port(machines[rank]);
        int minutes = (int)Math.Max(1, Math.Ceiling((timeout ?? DefaultTimeout).TotalMinutes));
        var network = new LightGbmNetwork(machines, rank);
        LightGbmNative.Check(LightGbmNative.LGBM_NetworkInit(string.Join(",", machines), port, minutes, machines.Count), "LGBM_NetworkInit");
        network._joined = true;
        return network;
    }

    /// <summary>The booster's keys for data-parallel learning on this network (LightGBM's tree_learner=data).</summary>
    public void AddTo(LightGbmParameters parameters) => parameters
        .Set("tree_learner", "data")
        .Set("num_machines", Machines.Count)
        .Set("machines", string.Join(",", Machines))
        .Set("local_listen_port", Port(Machines[Rank]));

    /// <summary>"host:port" with the host's IPv4 address: LightGBM's list takes addresses, and finds its own rank among them.</summary>
    private static string Resolved(string machine)
    {
        int colon = machine.LastIndexOf(':');
        if (colon <= 0) return machine;   // Port() names the malformed entry
        string host = machine[..colon];
        if (System.Net.IPAddress.TryParse(host, out _)) return machine;
        var address = System.Net.Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                      ?? throw new ArgumentException($"'{host}' has no IPv4 address");
        return address + machine[colon..];
    }

    private static int Port(string machine)
    {
        int colon = machine.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(machine[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"'{machine}' is not address:port");
        return port;
    }

    public void Dispose()
    {
        if (!_joined) return;
        _joined = false;
        LightGbmNative.Check(LightGbmNative.LGBM_NetworkFree(), "LGBM_NetworkFree");
    }
}
