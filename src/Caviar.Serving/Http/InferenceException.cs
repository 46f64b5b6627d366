namespace Caviar.Serving.Http;

/// <summary>A request the endpoint refuses: the HTTP status (400, 404, 406, 413, 415) and a reason naming the row or input.</summary>
internal sealed class InferenceException(int status, string reason) : Exception(reason)
{
    public int Status { get; } = status;
}
