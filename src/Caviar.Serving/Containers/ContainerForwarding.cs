using System.Net;

namespace Caviar.Serving.Containers;

/// <summary>
/// Sends requests on to one inference container. Two ways a fresh or pooled connection fails are handled:
/// <list type="bullet">
/// <item>A container answering HTTP/1.0 (Python's <c>http.server</c>, many small model servers) closes its connection
/// after every answer, but .NET pools HTTP/1.0 connections, so a request sent right after the previous answer could go
/// out on a connection the container was closing and fail. Until the container has answered in HTTP/1.1, each
/// request asks for its connection to be closed after the answer (<c>Connection: close</c>), so none is reused.</item>
/// <item>When a connection could not be made at all (<see cref="HttpRequestError.ConnectionError"/>: nothing reached
/// the container, so nothing is done twice) a second one is tried once. Failures after the request was sent are not
/// retried: the container may have acted on it.</item>
/// </list>
/// </summary>
internal sealed class ContainerForwarding(HttpClient client)
{
    private volatile bool _keepsConnections;

    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellation)
    {
        HttpResponseMessage answer;
        try
        {
            using var first = Prepared(request());
            answer = await client.SendAsync(first, cancellation);
        }
        catch (HttpRequestException error) when (error.HttpRequestError == HttpRequestError.ConnectionError)
        {
            using var second = Prepared(request());
            answer = await client.SendAsync(second, cancellation);
        }
        _keepsConnections = answer.Version >= HttpVersion.Version11;
        return answer;
    }

    private HttpRequestMessage Prepared(HttpRequestMessage request)
    {
        if (!_keepsConnections) request.Headers.ConnectionClose = true;
        return request;
    }
}
