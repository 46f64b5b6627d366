using Microsoft.AspNetCore.Http;

namespace Caviar.Serving.Http;

/// <summary>The two media types of SageMaker's protocol, and which one a request is in and wants back.</summary>
internal static class MediaTypes
{
    public const string Csv = "text/csv";
    public const string Json = "application/json";

    /// <summary>The body's type; anything but CSV or JSON is refused (415).</summary>
    public static string Of(HttpRequest request)
    {
        string type = (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return type is Csv or Json ? type
            : throw new InferenceException(415, $"Content-Type '{request.ContentType}' is neither {Csv} nor {Json}");
    }

    /// <summary>The answer's type from Accept: CSV or JSON; none or */* answers in the body's type; others are refused (406).</summary>
    public static string Accepted(HttpRequest request, string contentType)
    {
        string accept = request.Headers.Accept.ToString();
        if (accept.Length == 0) return contentType;
        foreach (var part in accept.Split(',').Select(p => p.Split(';')[0].Trim().ToLowerInvariant()))
        {
            switch (part)
            {
                case Csv or Json: return part;
                case "*/*": return contentType;
                case "text/*": return Csv;
                case "application/*": return Json;
            }
        }
        throw new InferenceException(406, $"Accept '{accept}' names neither {Csv} nor {Json}");
    }
}
