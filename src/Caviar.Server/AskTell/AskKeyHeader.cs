using Caviar.Validation;
using Microsoft.AspNetCore.Http;

namespace Caviar.Server.AskTell;

/// <summary>
/// The key a client names an ask with, in the <c>Idempotency-Key</c> header (the IETF httpapi draft's name): sent again
/// with the same key, the ask answers the trial the first one stored (<see cref="Storage.IAskKeys"/>) instead of making a
/// second. Optional: an ask without it makes a new trial each time.
/// </summary>
internal static class AskKeyHeader
{
    public const string Name = "Idempotency-Key";

    /// <summary>The longest key accepted: 255 characters.</summary>
    public const int MaxLength = 255;

    /// <summary>The request's key, or null when it has none; throws naming the header for a key over <see cref="MaxLength"/>.</summary>
    public static string? Of(HttpRequest request)
    {
        string key = request.Headers[Name].ToString();
        if (key.Length == 0) return null;
        if (key.Length > MaxLength) throw new CaviarValidationException(Name, $"at most {MaxLength} characters, got {key.Length}");
        return key;
    }
}
