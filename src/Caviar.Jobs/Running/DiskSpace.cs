namespace Caviar.Jobs.Running;

/// <summary>Recognising a full disk (ENOSPC) in exceptions and in recorded failure reasons.</summary>
internal static class DiskSpace
{
    /// <summary>The failure reason of a job that could not write its files.</summary>
    public const string NoSpaceReason = "no space left on device";

    private const int Enospc = 28;

    /// <summary>
    /// Exit code of a runner (<c>caviar job-run</c>) that could not write its job's status for lack of space: ENOSPC's
    /// errno, 28. Its launcher then fails the job with <see cref="NoSpaceReason"/> instead of restarting it.
    /// </summary>
    public const int RunnerExitCode = Enospc;

    public static bool IsFull(Exception error) =>
        error is IOException io && (io.HResult == Enospc || (io.HResult & 0xFFFF) == Enospc ||
                                    io.Message.Contains(NoSpaceReason, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a failure reason says the disk was full.</summary>
    public static bool Mentions(string? reason) =>
        reason is not null && reason.Contains(NoSpaceReason, StringComparison.OrdinalIgnoreCase);
}
