namespace Caviar.Serving.Containers;

/// <summary>
/// Why a request to an inference container failed, in one line: the outer message ("An error occurred while sending
/// the request") says nothing on its own, the causes under it ("The response ended prematurely", "Connection reset by
/// peer") and the request's stage (<see cref="HttpRequestError"/>) do.
/// </summary>
internal static class ContainerFailure
{
    public static string Describe(Exception error)
    {
        var parts = new List<string>();
        for (var cause = error; cause is not null; cause = cause.InnerException)
            if (cause.Message.TrimEnd('.') is { Length: > 0 } message && !parts.Contains(message)) parts.Add(message);
        string stage = error is HttpRequestException { HttpRequestError: var kind and not HttpRequestError.Unknown } ? $" ({kind})" : "";
        return string.Join(": ", parts) + stage;
    }
}
