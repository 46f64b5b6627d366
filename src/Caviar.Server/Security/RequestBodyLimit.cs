using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Caviar.Server.Security;

/// <summary>
/// Bodies over <see cref="ServerOptions.MaxRequestBodyBytes"/> are answered 413 with the limit: at once when the
/// declared length is over it (nothing of the body is read, and the connection is closed), and when a body sent without
/// a length (chunked) passes it, Kestrel stops reading and CaviarApi's error handler answers the same 413.
/// </summary>
internal sealed class RequestBodyLimit(long limit) : IMiddleware
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength is not { } length || length <= limit) return next(context);
        context.Response.Headers.Connection = "close";
        return Refuse(context, limit);
    }

    public static Task Refuse(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return context.Response.WriteAsJsonAsync(ApiErrors.Body("body", Reason(limit)));
    }

    public static string Reason(long limit) =>
        $"is larger than this server's limit of {limit} bytes{InUnits(limit)}; caviar serve --max-body-bytes sets the limit";

    private static string InUnits(long bytes) => bytes switch
    {
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $" ({bytes / 1048576.0:0.##} MiB)"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $" ({bytes / 1024.0:0.##} KiB)"),
        _ => "",
    };
}
