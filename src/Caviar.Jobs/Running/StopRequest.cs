using Caviar.Jobs.Layout;

namespace Caviar.Jobs.Running;

/// <summary>
/// The stop-requested file in a job directory (CAVIAR_STOP_FILE): its presence asks the job to end — the Python package's
/// <c>caviar.should_stop()</c> looks for it — and its content says why ("prune" or empty for a stop). The runner ends a
/// stopped job at once; a pruned job that reports through CAVIAR_METRICS_FILE gets
/// <see cref="TrainingJobRunner.PruneGracePeriod"/> to exit on its own.
/// </summary>
internal static class StopRequest
{
    private const string PruneWord = "prune";

    public static void Write(JobDirectory job, StopKind kind)
    {
        string temporary = $"{job.StopRequestFile}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, kind == StopKind.Prune ? PruneWord : "");
        File.Move(temporary, job.StopRequestFile, overwrite: true);
    }

    /// <summary>The request in the job directory, or null when there is none.</summary>
    public static StopKind? Read(JobDirectory job)
    {
        try
        {
            if (!File.Exists(job.StopRequestFile)) return null;
            return File.ReadAllText(job.StopRequestFile).Trim() == PruneWord ? StopKind.Prune : StopKind.Stop;
        }
        catch (FileNotFoundException) { return null; }
    }
}
