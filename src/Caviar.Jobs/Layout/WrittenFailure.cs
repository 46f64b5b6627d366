namespace Caviar.Jobs.Layout;

/// <summary>
/// What a job wrote in its failure file (SageMaker's <c>/opt/ml/output/failure</c>): the text trimmed and cut to
/// <see cref="MaxLength"/> characters, or null when the file is absent or empty — the caller then says why itself.
/// </summary>
internal static class WrittenFailure
{
    /// <summary>The longest reason kept: 1,000 characters.</summary>
    public const int MaxLength = 1000;

    public static string? Of(JobDirectory job)
    {
        if (!File.Exists(job.FailureFile)) return null;
        string written = File.ReadAllText(job.FailureFile).Trim();
        return written.Length == 0 ? null : written.Length > MaxLength ? written[..MaxLength] : written;
    }
}
