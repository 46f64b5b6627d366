using Caviar.Jobs.Efficiency;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// A trial's objective when tuning a training job: run the job with the trial's values, report each value of
/// the pruned objective's metric (the only objective, or earlyStoppingObjective) as an intermediate value (so early
/// stopping can act), ask the job to end when the pruner says so (a prune request in its directory, which
/// <c>caviar.should_stop()</c> sees), and return each objective metric's values aggregated as its aggregate says
/// (default: the last), one value per objective. A job that completes without logging an objective's or a
/// constraint's metric fails its trial; the constraint values are read by <see cref="ConstraintValuesOf"/>.
/// </summary>
public sealed class TrainingTrialObjective(TuningPlan plan, Specs.TrainingPlan job, string artifactsRoot, ITrialLauncher launcher)
{
    private readonly string _metric = plan.PruningObjective.MetricName!;
    private readonly Specs.TrainingJobSpec _job = ThreadBudget.AddTo(job.Spec, plan.Limits.MaxParallel);

    public async Task<double[]> EvaluateAsync(Trial trial, CancellationToken stop)
    {
        // Never run a job without the trial's values: it would train with the static hyperparameters only.
        var missing = plan.Space.Ranges.Select(r => r.Name).Where(name => !trial.Params.ContainsKey(name)).ToList();
        if (missing.Count > 0)
            throw new TrainingJobFailedException($"trial {trial.Number} has no value for {string.Join(", ", missing)}; its job was not started");
        var request = JobRequest.ForTrial(TrialJobNames.For(plan.Name, trial.Number), _job,
            ResourceBudget.AddTo(plan, trial.Number, trial.Params), job.BaseDirectory, artifactsRoot);
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
        return status.State switch
        {
            JobState.Completed => ValuesOf(MetricLog.Read(request.Directory.MetricsFile), request.JobName),
            JobState.Stopped when stop.IsCancellationRequested => throw new OperationCanceledException(stop),
            _ => throw new TrainingJobFailedException($"job {request.JobName} {status.State.ToString().ToLowerInvariant()}: " +
                                                      $"{status.FailureReason}; its log: caviar logs {request.JobName}"),
        };
    }

    /// <summary>One value per objective from a completed job's metrics; a missing objective or constraint metric fails the trial.</summary>
    private double[] ValuesOf(IReadOnlyList<MetricObservation> log, string jobName)
    {
        var values = new double[plan.Objectives.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var objective = plan.Objectives[i];
            values[i] = ObjectiveAggregate.Of(ObjectiveAggregate.ValuesOf(log, objective.MetricName!), objective)
                ?? throw NeverLogged(jobName, objective.MetricName!, log);
        }
        foreach (var constraint in plan.Constraints)
            if (log.All(o => o.Name != constraint.MetricName))
                throw NeverLogged(jobName, constraint.MetricName, log);
        return values;
    }

    /// <summary>A metric missing from a completed job, with the names it did log: a misspelt metricName shows beside them.</summary>
    private static TrainingJobFailedException NeverLogged(string jobName, string metric, IReadOnlyList<MetricObservation> log)
    {
        var logged = log.Select(o => o.Name).Where(name => !SystemMetrics.Names.Contains(name)).Distinct().Order(StringComparer.Ordinal).ToList();
        return new($"job {jobName} completed but never logged metric '{metric}' (by a metric definition or caviar.report); " +
                   (logged.Count == 0 ? "it logged no metric" : $"it logged: {string.Join(", ", logged)}") + $"; its log: caviar logs {jobName}");
    }

    /// <summary>
    /// The constraint values of <paramref name="trial"/> (one per constraint of <paramref name="plan"/>, ≤ 0 when
    /// satisfied; see <see cref="TuningConstraint.ValueOf"/>) from the last logged value of each constraint's metric in
    /// its training job's metrics, under <paramref name="artifactsRoot"/>.
    /// </summary>
    public static IReadOnlyList<double> ConstraintValuesOf(TuningPlan plan, string artifactsRoot, TrialRecord trial)
    {
        if (plan.Constraints.Count == 0) return [];
        var log = MetricLog.Read(JobDirectory.For(Path.GetFullPath(artifactsRoot), TrialJobNames.For(plan.Name, trial.Number)).MetricsFile);
        return plan.Constraints.Select(c =>
        {
            var values = ObjectiveAggregate.ValuesOf(log, c.MetricName);
            return values.Count == 0
                ? throw NeverLogged(TrialJobNames.For(plan.Name, trial.Number), c.MetricName, log)
                : c.ValueOf(values[^1]);
        }).ToArray();
    }
}

/// <summary>The training job behind a trial did not produce an objective value.</summary>
public sealed class TrainingJobFailedException(string message) : TrialFailedException(message);
