using System.Net.Http.Headers;

namespace Caviar.Serving.Registry;

/// <summary>An HTTP client for a running endpoint's admin calls, with its token from the registry.</summary>
internal static class EndpointClient
{
    public static HttpClient For(EndpointRecord record)
    {
        var client = new HttpClient { BaseAddress = new Uri(record.Url), Timeout = TimeSpan.FromMinutes(2) };
        if (record.Token is { } token) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
