using Caviar.Jobs.Launching;
using Caviar.Jobs.Running;
using Caviar.Studies;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// A trial's objective when tuning a training job: run the job with the trial's values, report each value of
/// the objective metric as an intermediate value (so early stopping can act), ask the job to end when the pruner
/// says so (a prune request in its directory, which <c>caviar.should_stop()</c> sees), and return the metric's
/// values aggregated as objective.aggregate says (default: the last).
/// </summary>
public sealed class TrainingTrialObjective(TuningPlan plan, Specs.TrainingPlan job, string artifactsRoot, ITrialLauncher launcher)
{
    private readonly string _metric = plan.Objective.MetricName!;
    private readonly Specs.TrainingJobSpec _job = ThreadBudget.AddTo(job.Spec, plan.Limits.MaxParallel);

    public async Task<double> EvaluateAsync(Trial trial, CancellationToken stop)
    {
        // Never run a job without the trial's values: it would train with the static hyperparameters only.
        var missing = plan.Space.Ranges.Select(r => r.Name).Where(name => !trial.Params.ContainsKey(name)).ToList();
        if (missing.Count > 0)
            throw new TrainingJobFailedException($"trial {trial.Number} has no value for {string.Join(", ", missing)}; its job was not started");
        var request = JobRequest.ForTrial(TrialJobNames.For(plan.Name, trial.Number), _job,
            ResourceBudget.AddTo(plan, trial.Params), job.BaseDirectory, artifactsRoot);
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
                StopRequest.Write(request.Directory, StopKind.Prune);
            }
        }, stop).ConfigureAwait(false);

        if (pruned || status.State == JobState.Pruned)
            throw new TrialPrunedException($"'{_metric}' was poor at step {lastStep}; the job was pruned");
        var values = ObjectiveAggregate.ValuesOf(MetricLog.Read(request.Directory.MetricsFile), _metric);
        return status.State switch
        {
            JobState.Completed when ObjectiveAggregate.Of(values, plan.Objective) is { } value => value,
            JobState.Completed => throw new TrainingJobFailedException(
                $"job {request.JobName} completed but never logged metric '{_metric}' (by a metric definition or caviar.report)"),
            JobState.Stopped when stop.IsCancellationRequested => throw new OperationCanceledException(stop),
            _ => throw new TrainingJobFailedException($"job {request.JobName} {status.State.ToString().ToLowerInvariant()}: " +
                                                      status.FailureReason),
        };
    }
}

/// <summary>The training job behind a trial did not produce an objective value.</summary>
public sealed class TrainingJobFailedException(string message) : Exception(message);
