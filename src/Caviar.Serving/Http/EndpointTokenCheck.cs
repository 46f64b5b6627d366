using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Caviar.Serving.Http;

/// <summary>
/// Refuses (401) every call without <c>Authorization: Bearer TOKEN</c>, compared in constant time — except the
/// health checks (<c>/ping</c>, <c>/v2/health/*</c>) that load balancers call without credentials.
/// </summary>
internal static class EndpointTokenCheck
{
    public static bool IsHealthCheck(PathString path) =>
        path.Equals("/ping", StringComparison.Ordinal) || path.StartsWithSegments("/v2/health", StringComparison.Ordinal);

    public static bool Allows(HttpRequest request, string token)
    {
        string header = request.Headers.Authorization.ToString();
        var given = Encoding.UTF8.GetBytes(header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "");
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(token));
    }
}
