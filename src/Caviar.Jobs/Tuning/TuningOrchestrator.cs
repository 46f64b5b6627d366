using System.Text.Json;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Running;
using Caviar.Pruning;
using Caviar.Specs;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// Runs a tuning job from its spec: creates the study (or resumes it), finishes the trials a previous run left
/// running (waiting for their jobs, or resuming them from checkpoints), then asks for new trials until a limit,
/// a completion criterion or a stop request ends the run.
/// </summary>
public sealed class TuningOrchestrator(IStudyStore store, ITrialLauncher launcher, string artifactsRoot,
    TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>How often a stop request (<c>caviar stop</c>) is looked for.</summary>
    public static readonly TimeSpan StopPollInterval = TimeSpan.FromMilliseconds(200);

    public Study OpenStudy(TuningSpec spec, bool resume) => OpenStudy(spec, resume ? ResumeMode.Resume : ResumeMode.No);

    /// <summary>No: the study must be new. Resume: it may exist. JoinOrCreate: workers racing to create it all end up in it.</summary>
    public enum ResumeMode { No, Resume, JoinOrCreate }

    public Study OpenStudy(TuningSpec spec, ResumeMode resume)
    {
        var existing = store.FindStudy(spec.Name);
        if (existing is null && resume == ResumeMode.JoinOrCreate)
        {
            try { return OpenStudy(spec, ResumeMode.No); }
            catch (CaviarValidationException) when (store.FindStudy(spec.Name) is not null) { existing = store.FindStudy(spec.Name); }
        }
        if (existing is not null && resume == ResumeMode.No)
            throw new CaviarValidationException("name",
                $"study '{spec.Name}' already exists; pass --resume to continue it or choose another name");
        if (existing is not null) SpecCompatibility.EnsureResumable(existing, spec);
        var options = new StudyOptions
        {
            Strategy = StrategyFactory.Create(StrategyNames.SearchStrategyOf(spec.Strategy), budget: spec.Limits.MaxTrials),
            Seed = spec.Seed,
            Pruner = PrunerFor(spec),
            PriorTrials = WarmStart.PriorTrials(store, spec),
            Clock = _clock,
        };
        if (existing is not null) return Study.Load(store, spec.Name, options);
        var created = Study.Create(store, spec.Name, spec.Objective!.Type, options, JsonSerializer.Serialize(spec, SpecJson.Options));
        EnqueuedConfigurations.EnqueueInto(created, spec);
        return created;
    }

    /// <summary>
    /// Runs the tuning job as the study's owner (<paramref name="ownership"/>, else a lease taken here and given back at
    /// the end): first the trials a previous owner left running, then new ones. The first trial that fails for lack of
    /// disk space, or the loss of the lease, ends the run at once with <see cref="TuningHaltedException"/>: trials still
    /// running are left Running in the store (their jobs run on), for <c>--resume</c> to finish.
    /// </summary>
    public async Task<TuningOutcome> RunAsync(Study study, TuningSpec spec, string baseDirectory,
        TuningLimits limits, Action<TrialRecord>? onTrialFinished = null, CancellationToken cancellation = default,
        StudyOwnership? ownership = null)
    {
        using var ownedHere = ownership is null ? StudyOwnership.Acquire(study) : null;
        var owner = ownership ?? ownedHere!;
        var control = new TuningControl(artifactsRoot, spec.Name);
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

            var objective = ObjectiveFor(spec, baseDirectory, limits.MaxParallel);
            var run = RunTrialsAsync(study, spec, limits, objective, Finished, stopping.Token);
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

    private async Task<TuningOutcome> RunTrialsAsync(Study study, TuningSpec spec, TuningLimits limits,
        Func<Trial, CancellationToken, Task<double>> objective, Action<TrialRecord> onTrialFinished, CancellationToken stop)
    {
        await FinishOrphansAsync(study, spec, objective, onTrialFinished, stop).ConfigureAwait(false);
        return await study.OptimizeAsync(objective, limits, spec.CompletionCriteria,
            TuningSpecLoader.SpaceOf(spec), onTrialFinished, stop).ConfigureAwait(false);
    }

    /// <summary>
    /// Trials still Running in the store were left by a run that ended abruptly. A training job may still be
    /// running or already done: finish it through the launcher, which never starts a job twice. A function
    /// evaluation cannot be recovered, so it fails.
    /// </summary>
    private async Task FinishOrphansAsync(Study study, TuningSpec spec, Func<Trial, CancellationToken, Task<double>> objective,
        Action<TrialRecord>? onTrialFinished, CancellationToken stop)
    {
        // Trials with a worker are the workers' business: a worker that dies is noticed by its peers' heartbeat check.
        var orphans = study.Trials.Where(t => t.State == TrialState.Running && t.Worker is null).ToList();
        var space = TuningSpecLoader.SpaceOf(spec);
        await Task.WhenAll(orphans.Select(async orphan =>
        {
            TrialRecord finished;
            if (spec.TrainingJob is null)
            {
                finished = study.Tell(study.Reattach(orphan), TrialState.Failed, "interrupted: the tuning process ended while it ran");
            }
            else
            {
                // A trial stored by an older Caviar may lack values (it was killed between two writes): its job never
                // started, so the values are drawn now, before the job runs.
                finished = await study.EvaluateAsync(study.Reattach(orphan, stop, space), objective, stop).ConfigureAwait(false);
            }
            onTrialFinished?.Invoke(finished);
        })).ConfigureAwait(false);
    }

    /// <summary>What a trial of <paramref name="spec"/> evaluates: its test function, or its training job through the launcher.</summary>
    public Func<Trial, CancellationToken, Task<double>> ObjectiveFor(TuningSpec spec, string baseDirectory, int? maxParallel = null) =>
        spec.TrainingJob is null
            ? FunctionObjective(spec)
            : new TrainingTrialObjective(spec, baseDirectory, artifactsRoot, launcher, maxParallel).EvaluateAsync;

    private static Func<Trial, CancellationToken, Task<double>> FunctionObjective(TuningSpec spec)
    {
        var function = StandardFunctions.Get(spec.Objective!.Function!, "objective.function");
        return (trial, _) => Task.FromResult(function.Evaluate(trial.Params));
    }

    public static IPruner PrunerFor(TuningSpec spec) =>
        spec.Hyperband is { } hyperband
            ? new Hyperband(hyperband.MinResource, hyperband.MaxResource, hyperband.ReductionFactor, spec.Seed)
            : spec.EarlyStopping == EarlyStoppingType.Auto ? new MedianStoppingRule() : new NoPruning();

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
