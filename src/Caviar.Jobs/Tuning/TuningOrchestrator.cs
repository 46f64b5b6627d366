using System.Text.Json;
using Caviar.Jobs.Launching;
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
            Strategy = StrategyFactory.Create(StrategyNames.SamplerOf(spec.Strategy)),
            Seed = spec.Seed,
            Pruner = PrunerFor(spec),
            PriorTrials = WarmStart.PriorTrials(store, spec),
            Clock = _clock,
        };
        return existing is null
            ? Study.Create(store, spec.Name, spec.Objective!.Type, options, JsonSerializer.Serialize(spec, SpecJson.Options))
            : Study.Load(store, spec.Name, options);
    }

    public async Task<TuningOutcome> RunAsync(Study study, TuningSpec spec, string baseDirectory,
        TuningLimits limits, Action<TrialRecord>? onTrialFinished = null, CancellationToken cancellation = default)
    {
        var control = new TuningControl(artifactsRoot, spec.Name);
        control.ClearStopRequest();
        control.StartListening();
        try
        {
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var watcher = WatchForStopRequest(control, stopping);

            var objective = ObjectiveFor(spec, baseDirectory);
            await FinishOrphansAsync(study, spec, objective, onTrialFinished, stopping.Token).ConfigureAwait(false);
            var outcome = await study.OptimizeAsync(objective, limits, spec.CompletionCriteria,
                TuningSpecLoader.SpaceOf(spec), onTrialFinished, stopping.Token).ConfigureAwait(false);

            await stopping.CancelAsync().ConfigureAwait(false);
            await watcher.ConfigureAwait(false);
            control.ClearStopRequest();
            return outcome;
        }
        finally
        {
            control.StopListening();
        }
    }

    /// <summary>
    /// Trials still Running in the store were left by a run that ended abruptly. A training job may still be
    /// running or already done: finish it through the launcher, which never starts a job twice. A function
    /// evaluation cannot be recovered, so it fails.
    /// </summary>
    private async Task FinishOrphansAsync(Study study, TuningSpec spec, Func<Trial, CancellationToken, Task<double>> objective,
        Action<TrialRecord>? onTrialFinished, CancellationToken stop)
    {
        var orphans = study.Trials.Where(t => t.State == TrialState.Running).ToList();
        await Task.WhenAll(orphans.Select(async orphan =>
        {
            TrialRecord finished;
            if (spec.TrainingJob is null)
            {
                finished = study.Tell(study.Reattach(orphan), TrialState.Failed, "interrupted: the tuning process ended while it ran");
            }
            else
            {
                finished = await study.EvaluateAsync(study.Reattach(orphan, stop), objective, stop).ConfigureAwait(false);
            }
            onTrialFinished?.Invoke(finished);
        })).ConfigureAwait(false);
    }

    /// <summary>What a trial of <paramref name="spec"/> evaluates: its test function, or its training job through the launcher.</summary>
    public Func<Trial, CancellationToken, Task<double>> ObjectiveFor(TuningSpec spec, string baseDirectory) =>
        spec.TrainingJob is null
            ? FunctionObjective(spec)
            : new TrainingTrialObjective(spec, baseDirectory, artifactsRoot, launcher).EvaluateAsync;

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
