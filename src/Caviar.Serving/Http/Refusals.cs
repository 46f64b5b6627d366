using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Caviar.Serving.Http;

/// <summary>How an endpoint (in-process or in front of a container) answers a request it refuses: <c>{"error": REASON}</c>.</summary>
internal static class Refusals
{
    /// <summary>
    /// Refusals keep their quotes and apostrophes as written (not <c>\u0022</c>, <c>\u0027</c>), as ASP.NET's own JSON
    /// answers do: they are read in terminals and logs, and never embedded in HTML.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the refusal, unless an answer has already begun.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string reason)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        // The rest of a too-large body is never read: the connection closes, and says so, so clients do not reuse it.
        if (status == StatusCodes.Status413PayloadTooLarge) context.Response.Headers.Connection = "close";
        context.Response.ContentType = MediaTypes.Json;
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new { error = reason }, Json));
    }
}
