using Microsoft.AspNetCore.Http;

namespace Caviar.Serving.Http;

/// <summary>
/// Reads a request body whole, refusing an empty one (400), one over the endpoint's limit (413), one that arrives
/// slower than Kestrel's minimum data rate (408) and one cut short by its client (400): refusals, never failures.
/// </summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
            throw new InferenceException(413, $"the body has {request.ContentLength} bytes; the endpoint takes at most {maxBytes} (--max-body)");
        if (request.ContentLength is > 0 and var declared) return await ReadExactly(request, (int)declared, maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    throw TooLarge(maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException error)
        {
            throw Refusal(error, maxBytes, "the body ended before it was complete");
        }
        if (buffer.Length == 0) throw new InferenceException(400, "the body is empty");
        return buffer.ToArray();
    }

    /// <summary>A body of declared length (the usual case) is read straight into an array of that size.</summary>
    private static async Task<byte[]> ReadExactly(HttpRequest request, int length, long maxBytes)
    {
        var body = new byte[length];
        try
        {
            await request.Body.ReadExactlyAsync(body);
        }
        catch (BadHttpRequestException error)
        {
            throw Refusal(error, maxBytes, $"the body ended before the {length} bytes its Content-Length declares");
        }
        catch (EndOfStreamException)
        {
            throw new InferenceException(400, $"the body ended before the {length} bytes its Content-Length declares");
        }
        return body;
    }

    /// <summary>What Kestrel's refusal of a body (too large, too slow, cut short) is answered with.</summary>
    private static InferenceException Refusal(BadHttpRequestException error, long maxBytes, string cutShort) => error.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => TooLarge(maxBytes),
        StatusCodes.Status408RequestTimeout => new(408, "the body arrived too slowly (under Kestrel's minimum rate of 240 bytes/s after 5 s)"),
        _ => new(400, cutShort),
    };

    /// <summary>The refusal of a body found larger than <paramref name="maxBytes"/> while it is read.</summary>
    private static InferenceException TooLarge(long maxBytes) =>
        new(413, $"the body has more than {maxBytes} bytes, the most the endpoint takes (--max-body)");
}
