using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;

namespace Caviar.Jobs.Launching;

/// <summary>
/// Runs training jobs for trials somewhere (this process, a local child process, Slurm, Kubernetes) and reports
/// their metrics as they appear. Running a request whose job already exists continues or waits for it
/// instead of starting it twice.
/// </summary>
public interface ITrialLauncher
{
    Task<JobStatus> RunAsync(JobRequest request, Action<MetricObservation> onMetric, CancellationToken stop);
}
