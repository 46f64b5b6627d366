using System.Net;
using System.Net.Sockets;

namespace Caviar.Jobs.Distributed;

/// <summary>A TCP port nobody listens on right now, for rank 0's rendezvous (<c>MASTER_PORT</c>).</summary>
public static class FreePort
{
    public static int Pick(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
