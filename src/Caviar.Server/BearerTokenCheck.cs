using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Caviar.Server;

/// <summary>Refuses (401) every request without <c>Authorization: Bearer TOKEN</c>; compares in constant time.</summary>
internal sealed class BearerTokenCheck(string token) : IMiddleware
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        string header = context.Request.Headers.Authorization.ToString();
        var given = Encoding.UTF8.GetBytes(header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "");
        if (CryptographicOperations.FixedTimeEquals(given, _expected)) return next(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsJsonAsync(new { field = "Authorization", reason = "a valid bearer token is required" });
    }
}
