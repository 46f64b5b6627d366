using System.Net.Sockets;
using System.Text;

namespace Caviar.Tests.Server;

/// <summary>
/// One HTTP/1.1 request over a plain socket, for bodies HttpClient would not send as a hostile client does: the reply
/// is read while the body is still being written, and writing stops quietly when the server closes the connection.
/// </summary>
public static class RawHttp
{
    public sealed record Reply(int Status, string Head, string Body, long BytesSent);

    public static async Task<Reply> SendAsync(Uri server, string requestHead, Func<Stream, Task> writeBody)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var counting = new CountingStream(stream);
        var reading = ReadReplyAsync(stream);
        var writing = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(requestHead.ReplaceLineEndings("\r\n") + "\r\n"));
                await writeBody(counting);
            }
            catch (Exception error) when (error is IOException or ObjectDisposedException) { }   // the server closed: expected for a refused body
        });
        string reply = await reading.WaitAsync(TimeSpan.FromSeconds(60));
        if (await Task.WhenAny(writing, Task.Delay(TimeSpan.FromSeconds(5))) != writing) client.Close();   // the server neither reads nor closes
        await writing;
        int split = reply.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        string head = split < 0 ? reply : reply[..split];
        string body = split < 0 ? "" : reply[(split + 4)..];
        int status = head.Length >= 12 ? int.Parse(head[9..12]) : 0;
        if (head.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase)) body = Dechunk(body);
        return new Reply(status, head, body, counting.Written);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        int at = 0;
        while (at < chunked.Length)
        {
            int lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            int size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0) break;
            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return body.ToString();
    }

    /// <summary>A body of <paramref name="bytes"/> copies of one byte, written in 64 KiB pieces.</summary>
    public static Func<Stream, Task> Filler(long bytes, byte value = (byte)'A') => async stream =>
    {
        var piece = Enumerable.Repeat(value, 64 * 1024).ToArray();
        for (long sent = 0; sent < bytes; sent += piece.Length)
            await stream.WriteAsync(piece.AsMemory(0, (int)Math.Min(piece.Length, bytes - sent)));
    };

    private static async Task<string> ReadReplyAsync(Stream stream)
    {
        var reply = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                reply.Write(buffer, 0, read);
                if (Complete(reply.ToArray())) break;
            }
        }
        catch (IOException) { }   // reset after the reply was read
        return Encoding.UTF8.GetString(reply.ToArray());
    }

    // A reply is complete when its Content-Length worth of body (or its last chunk) has arrived.
    private static bool Complete(byte[] data)
    {
        string text = Encoding.UTF8.GetString(data);
        int split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0) return false;
        string head = text[..split].ToLowerInvariant();
        var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("content-length:"));
        if (length is not null) return data.Length - (split + 4) >= int.Parse(length[15..].Trim());
        return text.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Written += buffer.Length;
        }
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
