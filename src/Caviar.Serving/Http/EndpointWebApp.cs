using System.Net;
using Caviar.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Caviar.Serving.Http;

/// <summary>
/// The web application every endpoint starts from (ONNX models or a container behind Caviar): Kestrel on
/// the given host and port with the body limit, and, given a token, the bearer check on every
/// path but the health checks (401 with <c>WWW-Authenticate: Bearer</c>).
/// </summary>
internal static class EndpointWebApp
{
    public static WebApplication Create(string host, int port, long maxBodyBytes, string? token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (!IPAddress.TryParse(host, out var address))
                throw new CaviarValidationException("--host", $"'{host}' is not an IP address");
            kestrel.Listen(address, port);
            kestrel.Limits.MaxRequestBodySize = maxBodyBytes;
        });
        var app = builder.Build();
        if (token is not null)
            app.Use(async (context, next) =>
            {
                if (EndpointTokenCheck.IsHealthCheck(context.Request.Path) || EndpointTokenCheck.Allows(context.Request, token))
                {
                    await next(context);
                    return;
                }
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
            });
        return app;
    }
}
