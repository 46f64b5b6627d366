using System.Net;
using System.Net.Sockets;

namespace Caviar.Jobs.Distributed;

/// <summary>A TCP port nobody listens on right now, for rank 0's rendezvous (<c>MASTER_PORT</c>).</summary>
internal static class FreePort
{
    public static int Pick(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary><paramref name="count"/> distinct free ports (all are held open while picking, so none repeats).</summary>
    public static IReadOnlyList<int> PickMany(int count, IPAddress? address = null)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
