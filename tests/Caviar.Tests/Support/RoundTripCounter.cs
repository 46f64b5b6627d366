using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Caviar.Tests.Support;

/// <summary>
/// A TCP relay between a client and a PostgreSQL server that counts the client's round trips: every Sync (the end of
/// an extended-protocol batch) and every simple Query makes the client wait for the server's ReadyForQuery, so their
/// count is the number of round trips, whatever the load (Npgsql has no counter of its own). Connect through
/// <see cref="Url"/>; the untyped messages before start-up (SSL and GSS requests) are passed on uncounted.
/// </summary>
public sealed class RoundTripCounter : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private long _roundTrips;

    public RoundTripCounter(string serverUrl)
    {
        var uri = new Uri(serverUrl);
        _serverPort = uri.Port;
        _listener.Start();
        Url = $"{uri.Scheme}://{uri.UserInfo}@127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{uri.AbsolutePath}";
        _ = AcceptAsync();
    }

    /// <summary>The server's URL, through this relay.</summary>
    public string Url { get; }

    /// <summary>Round trips counted so far, over every connection.</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _serverPort);
            _ = CopyAsync(server.GetStream(), client.GetStream(), count: false);
            _ = CopyAsync(client.GetStream(), server.GetStream(), count: true);
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, bool count)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();   // the client's bytes not yet parsed into whole messages
        bool started = false;
        try
        {
            while (true)
            {
                int read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0) break;
                if (count) Parse(buffer.AsSpan(0, read), pending, ref started);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception)
        {
            // a side closed: the other one follows
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }

    private void Parse(ReadOnlySpan<byte> data, List<byte> pending, ref bool started)
    {
        pending.AddRange(data);
        int at = 0;
        while (true)
        {
            if (!started)
            {
                // Untyped: length, then a code; the start-up message (protocol 3.0) is the last of them.
                if (pending.Count - at < 8) break;
                int length = BinaryPrimitives.ReadInt32BigEndian(Bytes(pending, at + 0, 4));
                int code = BinaryPrimitives.ReadInt32BigEndian(Bytes(pending, at + 4, 4));
                if (pending.Count - at < length) break;
                at += length;
                if (code == 196608) started = true;
                continue;
            }
            if (pending.Count - at < 5) break;
            byte type = pending[at];
            int size = BinaryPrimitives.ReadInt32BigEndian(Bytes(pending, at + 1, 4));
            if (pending.Count - at < size + 1) break;
            if (type is (byte)'S' or (byte)'Q') Interlocked.Increment(ref _roundTrips);
            at += size + 1;
        }
        pending.RemoveRange(0, at);
    }

    private static byte[] Bytes(List<byte> list, int start, int count) => list.GetRange(start, count).ToArray();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
