using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;

namespace Caviar.Jobs.Launching;

/// <summary>Runs each job's runner inside this process (the job itself is still a child process).</summary>
public sealed class InProcessLauncher(TimeProvider clock) : ITrialLauncher
{
    public Task<JobStatus> RunAsync(JobRequest request, Action<MetricObservation> onMetric, CancellationToken stop)
    {
        request.Write();
        return new TrainingJobRunner(clock).RunAsync(request.Spec, request.JobName, request.BaseDirectory,
            request.Directory, null, onMetric, stop);
    }
}
