namespace Caviar.Serving.Containers;

/// <summary>
/// Sends a request on to the inference container, trying a second connection once when the first could not be made
/// (<see cref="HttpRequestError.ConnectionError"/>: nothing reached the container, so nothing is done twice). A
/// published port's forwarding can refuse or reset a fresh connection now and then, and the example container, like
/// many model servers, closes its connection after every answer, so each invocation opens one. Failures after the
/// request was sent are not retried: the container may have acted on it.
/// </summary>
internal static class ContainerForwarding
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, Func<HttpRequestMessage> request,
        CancellationToken cancellation)
    {
        try
        {
            using var first = request();
            return await client.SendAsync(first, cancellation);
        }
        catch (HttpRequestException error) when (error.HttpRequestError == HttpRequestError.ConnectionError)
        {
            using var second = request();
            return await client.SendAsync(second, cancellation);
        }
    }
}
