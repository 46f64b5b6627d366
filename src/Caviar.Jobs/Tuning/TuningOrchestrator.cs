using System.Text.Json;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Running;
using Caviar.Specs;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// Runs a tuning job from its plan: creates the study (or resumes it), finishes the trials a previous run left
/// running (waiting for their jobs, or resuming them from checkpoints), then asks for new trials until a limit,
/// a completion criterion or a stop request ends the run.
/// </summary>
public sealed class TuningOrchestrator(IStudyStore store, ITrialLauncher launcher, string artifactsRoot,
    TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>How often a stop request (<c>caviar stop</c>) is looked for.</summary>
    public static readonly TimeSpan StopPollInterval = TimeSpan.FromMilliseconds(200);

    public Study OpenStudy(TuningPlan plan, bool resume) => OpenStudy(plan, resume ? ResumeMode.Resume : ResumeMode.No);

    /// <summary>No: the study must be new. Resume: it may exist. JoinOrCreate: workers racing to create it all end up in it.</summary>
    public enum ResumeMode { No, Resume, JoinOrCreate }

    /// <summary>
    /// Creates the study of <paramref name="plan"/> (or opens it to resume or join), with the plan's strategy and pruner
    /// and the warm-start parents' trials read from the store.
    /// </summary>
    public Study OpenStudy(TuningPlan plan, ResumeMode resume)
    {
        var existing = store.FindStudy(plan.Name);
        if (existing is null && resume == ResumeMode.JoinOrCreate)
        {
            // Looked up after the failed create has unwound: an exception filter would run while the store's write
            // transaction is still open, and a read there fails on SQLite (so the filter was false and the race lost).
            try { return OpenStudy(plan, ResumeMode.No); }
            catch (CaviarConflictException)
            {
                existing = store.FindStudy(plan.Name);
                if (existing is null) throw;
            }
        }
        if (existing is not null && resume == ResumeMode.No)
            throw new CaviarConflictException("name",
                $"study '{plan.Name}' already exists; pass --resume to continue it or choose another name");
        if (existing is not null) SpecCompatibility.EnsureResumable(existing, plan);
        var options = new StudyOptions
        {
            Strategy = plan.Strategy,
            Seed = plan.Seed,
            Pruner = plan.Pruner,
            PriorTrials = WarmStart.PriorTrials(store, plan),
            Clock = _clock,
            EarlyStoppingObjective = plan.EarlyStoppingObjective,
            Constraints = plan.Constraints.Count == 0
                ? null
                : trial => TrainingTrialObjective.ConstraintValuesOf(plan, artifactsRoot, trial),
        };
        if (existing is not null) return Study.Load(store, plan.Name, options);
        var created = Study.Create(store, plan.Name, plan.Directions, options, JsonSerializer.Serialize(plan.Spec, SpecJson.Options));
        EnqueuedConfigurations.EnqueueInto(created, plan);
        return created;
    }

    /// <summary>
    /// Runs the tuning job as the study's owner (<paramref name="ownership"/>, else a lease taken here and given back at
    /// the end): first the trials a previous owner left running, then new ones, within the plan's limits. The first
    /// trial that fails for lack of disk space, or the loss of the lease, ends the run at once with
    /// <see cref="TuningHaltedException"/>: trials still running are left Running in the store (their jobs run on), for
    /// <c>--resume</c> to finish.
    /// </summary>
    public async Task<TuningOutcome> RunAsync(Study study, TuningPlan plan, Action<TrialRecord>? onTrialFinished = null,
        CancellationToken cancellation = default, StudyOwnership? ownership = null)
    {
        using var ownedHere = ownership is null ? StudyOwnership.Acquire(study) : null;
        var owner = ownership ?? ownedHere!;
        var control = new TuningControl(artifactsRoot, plan.Name);
        control.ClearStopRequest();
        control.StartListening();
        try
        {
            var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var watcher = WatchForStopRequest(control, stopping);

            var halted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Finished(TrialRecord trial)
            {
                onTrialFinished?.Invoke(trial);
                if (trial.State == TrialState.Failed && DiskSpace.Mentions(trial.FailureReason))
                    halted.TrySetResult($"trial {trial.Number} failed: {trial.FailureReason}. The artifacts folder " +
                                        $"({Path.GetFullPath(artifactsRoot)}) is full: free space, then run `caviar tune` with --resume to continue");
                // Thrown where the run would ask for its next trial, so no trial is started once the run is halted.
                if (halted.Task.IsCompleted) throw new TuningHaltedException(halted.Task.Result);
            }

            var objective = ObjectiveFor(plan);
            var run = RunTrialsAsync(study, plan, objective, Finished, stopping.Token);
            var lost = owner.Lost.ContinueWith(_ => $"another process took study '{study.Name}' over (this one's lease went stale); " +
                                                     "its running trials are left to the new owner", TaskScheduler.Default);
            var first = await Task.WhenAny(run, halted.Task, lost).ConfigureAwait(false);
            if (first != run)
            {
                // Abandoned, not cancelled: cancelling would mark the running trials Stopped, and they are not.
                throw new TuningHaltedException(await ((Task<string>)first).ConfigureAwait(false));
            }
            var outcome = await run.ConfigureAwait(false);

            await stopping.CancelAsync().ConfigureAwait(false);
            await watcher.ConfigureAwait(false);
            stopping.Dispose();
            control.ClearStopRequest();
            return outcome;
        }
        finally
        {
            control.StopListening();
        }
    }

    private async Task<TuningOutcome> RunTrialsAsync(Study study, TuningPlan plan,
        Func<Trial, CancellationToken, Task<double[]>> objective, Action<TrialRecord> onTrialFinished, CancellationToken stop)
    {
        // A population's rounds finish their own trials (in lockstep, checkpoints copied first) on resume.
        if (plan.Pbt is not null)
            return await new Pbt.PbtPopulation(study, plan, artifactsRoot, objective, onTrialFinished).RunAsync(stop).ConfigureAwait(false);
        await FinishOrphansAsync(study, plan, objective, onTrialFinished, stop).ConfigureAwait(false);
        if (plan.IsMultiObjective)
            return await study.OptimizeAsync(objective, plan.Limits, plan.Space, onTrialFinished, stop).ConfigureAwait(false);
        return await study.OptimizeAsync(async (trial, token) => (await objective(trial, token).ConfigureAwait(false))[0],
            plan.Limits, plan.CompletionCriteria, plan.Space, onTrialFinished, stop).ConfigureAwait(false);
    }

    /// <summary>
    /// Trials still Running in the store were left by a run that ended abruptly. A training job may still be
    /// running or already done: finish it through the launcher, which never starts a job twice. A function
    /// evaluation cannot be recovered, so it fails.
    /// </summary>
    private async Task FinishOrphansAsync(Study study, TuningPlan plan, Func<Trial, CancellationToken, Task<double[]>> objective,
        Action<TrialRecord>? onTrialFinished, CancellationToken stop)
    {
        // Trials with a worker are the workers' business: a worker that dies is noticed by its peers' heartbeat check.
        var orphans = study.Trials.Where(t => t.State == TrialState.Running && t.Worker is null).ToList();
        await Task.WhenAll(orphans.Select(async orphan =>
        {
            TrialRecord finished;
            if (plan.TrainingJob is null)
            {
                finished = study.Tell(study.Reattach(orphan), TrialState.Failed, "interrupted: the tuning process ended while it ran");
            }
            else
            {
                // A trial stored by an older Caviar may lack values (it was killed between two writes): its job never
                // started, so the values are drawn now, before the job runs.
                finished = await study.EvaluateAsync(study.Reattach(orphan, stop, plan.Space), objective, stop).ConfigureAwait(false);
            }
            onTrialFinished?.Invoke(finished);
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// What a trial of <paramref name="plan"/> evaluates, one value per objective: its test function, or its training
    /// job through the launcher.
    /// </summary>
    public Func<Trial, CancellationToken, Task<double[]>> ObjectiveFor(TuningPlan plan) =>
        plan.TrainingJob is { } job
            ? new TrainingTrialObjective(plan, job, artifactsRoot, launcher).EvaluateAsync
            : FunctionObjective(plan.Objective.Function!);

    private static Func<Trial, CancellationToken, Task<double[]>> FunctionObjective(StandardFunction function) =>
        (trial, _) => Task.FromResult(new[] { function.Evaluate(trial.Params) });

    private static async Task WatchForStopRequest(TuningControl control, CancellationTokenSource stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            if (control.StopRequested)
            {
                await stopping.CancelAsync().ConfigureAwait(false);
                return;
            }
            try { await Task.Delay(StopPollInterval, stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }
}
