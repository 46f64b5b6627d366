namespace Caviar.Jobs.Specs;

/// <summary>A training spec's "retryStrategy": how often a failed attempt is retried.</summary>
public sealed record RetryStrategy
{
    /// <summary>Further attempts after a failed one (non-zero exit, killed). Each resumes from the checkpoint dir. Default 0.</summary>
    public int MaximumRetryAttempts { get; init; }
}
