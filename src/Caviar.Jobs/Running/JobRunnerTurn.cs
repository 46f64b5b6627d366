using Caviar.Jobs.Layout;

namespace Caviar.Jobs.Running;

/// <summary>
/// One runner at a time per job: an exclusive lock (flock) on <c>JOB/runner.lock</c>, held for the runner's life and
/// released by the kernel when it dies (the file is opened close-on-exec, so the job's processes do not hold it). A
/// second runner of the same job — a launcher that restarted a runner that had not yet written its status, a tuner
/// and a worker racing — waits for its turn and then finds the job's state the first left, instead of starting
/// the same attempt beside it.
/// </summary>
internal static class JobRunnerTurn
{
    /// <summary>The lock once this runner holds it, or null when <paramref name="stop"/> ended the wait.</summary>
    public static async Task<IDisposable?> WaitAsync(JobDirectory job, TimeProvider clock, TimeSpan poll, CancellationToken stop)
    {
        string path = Path.Combine(job.Root, "runner.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException error) when (!DiskSpace.IsFull(error))
            {
                // Held by another runner of this job.
            }
            try { await Task.Delay(poll, clock, stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { return null; }
        }
    }
}
