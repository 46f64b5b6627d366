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

    /// <summary>
    /// The answer's type from Accept: CSV or JSON; none or */* answers in the body's type; others are refused (406).
    /// Types are tried by their quality (<c>q</c>, default 1; equal ones in the order listed), and one named with
    /// <c>q=0</c> is never answered, not even through a wildcard.
    /// </summary>
    public static string Accepted(HttpRequest request, string contentType)
    {
        string accept = request.Headers.Accept.ToString();
        if (accept.Length == 0) return contentType;
        var ranges = accept.Split(',').Select(Ranged).ToList();
        var refused = ranges.Where(r => r.Quality <= 0).Select(r => r.Type).ToHashSet();
        string? Allowed(string type) => refused.Contains(type) ? null : type;
        foreach (var (part, _) in ranges.Where(r => r.Quality > 0).OrderByDescending(r => r.Quality))   // a stable sort
        {
            string? answer = part switch
            {
                Csv or Json => part,
                "*/*" => Allowed(contentType) ?? Allowed(contentType == Csv ? Json : Csv),
                "text/*" => Allowed(Csv),
                "application/*" => Allowed(Json),
                _ => null,
            };
            if (answer is not null) return answer;
        }
        throw new InferenceException(406, $"Accept '{accept}' names neither {Csv} nor {Json}");
    }

    /// <summary>One media range of Accept, lower-cased, with its quality (1 when not given or not a number).</summary>
    private static (string Type, double Quality) Ranged(string range)
    {
        var parameters = range.Split(';');
        double quality = 1;
        foreach (var parameter in parameters.Skip(1))
        {
            var pair = parameter.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals("q", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(pair[1].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q))
                quality = q;
        }
        return (parameters[0].Trim().ToLowerInvariant(), quality);
    }
}
