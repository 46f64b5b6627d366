using Caviar.Jobs.Launching;
using Caviar.Jobs.Running;
using Caviar.Studies;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// A trial's objective when tuning a training job: run the job with the trial's values, report each value of
/// the objective metric as an intermediate value (so early stopping can act), stop the job when the pruner says
/// so, and return the metric's last value.
/// </summary>
public sealed class TrainingTrialObjective(TuningSpec spec, string baseDirectory, string artifactsRoot,
    ITrialLauncher launcher)
{
    private readonly string _metric = spec.Objective!.MetricName!;

    public async Task<double> EvaluateAsync(Trial trial, CancellationToken stop)
    {
        // Never run a job without the trial's values: it would train with the static hyperparameters only.
        var missing = TuningSpecLoader.SpaceOf(spec).Ranges.Select(r => r.Name).Where(name => !trial.Params.ContainsKey(name)).ToList();
        if (missing.Count > 0)
            throw new TrainingJobFailedException($"trial {trial.Number} has no value for {string.Join(", ", missing)}; its job was not started");
        var request = JobRequest.ForTrial(TrialJobNames.For(spec.Name, trial.Number), spec.TrainingJob!, trial.Params,
            baseDirectory, artifactsRoot);
        using var pruning = CancellationTokenSource.CreateLinkedTokenSource(stop);
        bool pruned = false;
        long lastStep = 0;
        var status = await launcher.RunAsync(request, metric =>
        {
            if (metric.Name != _metric || pruned) return;
            lastStep = metric.Step;
            trial.Report(metric.Step, metric.Value);
            if (trial.ShouldPrune())
            {
                pruned = true;
                pruning.Cancel();
            }
        }, pruning.Token).ConfigureAwait(false);

        if (pruned) throw new TrialPrunedException($"'{_metric}' was poor at step {lastStep}; the job was stopped");
        return status.State switch
        {
            JobState.Completed when status.FinalMetrics.TryGetValue(_metric, out double value) => value,
            JobState.Completed => throw new TrainingJobFailedException(
                $"job {request.JobName} completed but never logged metric '{_metric}'"),
            JobState.Stopped when stop.IsCancellationRequested => throw new OperationCanceledException(stop),
            _ => throw new TrainingJobFailedException($"job {request.JobName} {status.State.ToString().ToLowerInvariant()}: " +
                                                      status.FailureReason),
        };
    }
}

/// <summary>The training job behind a trial did not produce an objective value.</summary>
public sealed class TrainingJobFailedException(string message) : Exception(message);
