using System.Net;
using System.Net.Sockets;
using Caviar.Serving.Containers;

namespace Caviar.Tests.Serving.Containers;

/// <summary>
/// An invocation whose connection to the container could not be made is sent once more on a new connection; one that
/// reached the container is never sent twice.
/// </summary>
public class ContainerForwardingTests
{
    [Fact]
    public async Task A_refused_first_connection_is_tried_again_and_the_container_answers_once()
    {
        using var server = new CountingServer();
        int connects = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellation) =>
            {
                if (Interlocked.Increment(ref connects) == 1) throw new SocketException((int)SocketError.ConnectionRefused);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });

        using var answer = await new ContainerForwarding(client).SendAsync(() => server.Invocation("1\n"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("1\n", await answer.Content.ReadAsStringAsync());
        Assert.Equal(2, connects);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_second_refusal_is_the_callers_error()
    {
        using var server = new CountingServer();
        int connects = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = (_, _) =>
            {
                Interlocked.Increment(ref connects);
                throw new SocketException((int)SocketError.ConnectionRefused);
            },
        });

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => new ContainerForwarding(client).SendAsync(() => server.Invocation("1\n"), CancellationToken.None));

        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
        Assert.Equal(2, connects);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_connection_lost_after_the_request_was_sent_is_not_sent_again()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int accepted = 0;
        var closer = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
                Interlocked.Increment(ref accepted);
                var buffer = new byte[4096];
                await socket.ReceiveAsync(buffer);   // the request arrived; the "container" dies without answering
            }
        });
        using var client = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/invocations");

        await Assert.ThrowsAsync<HttpRequestException>(() => new ContainerForwarding(client).SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("1\n") }, CancellationToken.None));

        Assert.Equal(1, accepted);
        listener.Stop();
    }

    [Fact]
    public void A_failure_is_described_by_its_causes_and_its_stage_not_by_the_outer_message_alone()
    {
        var error = new HttpRequestException(HttpRequestError.ResponseEnded, "An error occurred while sending the request.",
            new IOException("The response ended prematurely.", new SocketException((int)SocketError.ConnectionReset)));

        Assert.Equal("An error occurred while sending the request: The response ended prematurely: " +
                     new SocketException((int)SocketError.ConnectionReset).Message.TrimEnd('.') + " (ResponseEnded)", ContainerFailure.Describe(error));
        Assert.Equal("A task was canceled", ContainerFailure.Describe(new TaskCanceledException()));
    }

    /// <summary>
    /// A real HTTP server on loopback that answers like Python's <c>http.server</c> (HTTP/1.0, no Connection header, the
    /// connection closed after each answer), echoing an invocation's body and counting requests and connections.
    /// </summary>
    private sealed class CountingServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _requests, _connections, _askedToClose;

        public CountingServer()
        {
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public int Requests => Volatile.Read(ref _requests);
        public int Connections => Volatile.Read(ref _connections);
        public int AskedToClose => Volatile.Read(ref _askedToClose);

        public HttpRequestMessage Invocation(string body) =>
            new(HttpMethod.Post, $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/invocations")
            {
                Content = new StringContent(body),
            };

        private async Task ServeAsync()
        {
            try
            {
                while (true)
                {
                    using var socket = await _listener.AcceptSocketAsync();
                    Interlocked.Increment(ref _connections);
                    await using var stream = new NetworkStream(socket);
                    using var reader = new StreamReader(stream, leaveOpen: true);
                    int length = 0;
                    for (string? line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
                    {
                        if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line[15..].Trim());
                        if (line.Equals("Connection: close", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _askedToClose);
                    }
                    var body = new char[length];
                    await reader.ReadBlockAsync(body);
                    Interlocked.Increment(ref _requests);
                    var text = new string(body);
                    var answer = System.Text.Encoding.ASCII.GetBytes(
                        $"HTTP/1.0 200 OK\r\nContent-Type: text/csv\r\nContent-Length: {text.Length}\r\n\r\n{text}");
                    await stream.WriteAsync(answer);
                }
            }
            catch (Exception error) when (error is ObjectDisposedException or SocketException or InvalidOperationException) { }
        }

        public void Dispose() => _listener.Stop();
    }
}
