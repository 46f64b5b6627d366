using Caviar.SearchSpaces;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Studies;

/// <summary>One call to Optimize: up to MaxParallel workers that ask, evaluate and tell until a stop reason appears.</summary>
internal sealed class TuningRun(Study study, Func<Trial, CancellationToken, Task<double[]>> objective,
    TuningLimits limits, CompletionCriteria criteria, SearchSpace? space, Action<TrialRecord>? onTrialFinished)
{
    private readonly object _gate = new();
    private StopReason? _stopReason;
    private int _trialsRun;
    private DateTimeOffset _startedAt;
    private readonly BestTrialTracker _best = new(study.Direction);

    public async Task<TuningOutcome> RunAsync(CancellationToken cancellation)
    {
        // Refusals name Optimize's parameters (limits, criteria); the spec layer checks its own fields before.
        limits.Validate(nameof(limits));
        criteria.Validate(nameof(criteria));
        long? inherentLimit = space is null ? null : study.Strategy.InherentTrialLimit(space);
        if (limits.MaxTrials is null && limits.MaxRuntime is null && inherentLimit is null)
            throw new CaviarValidationException(nameof(limits),
                "give MaxTrials or MaxRuntime so that the run can end");

        _startedAt = study.Options.Clock.GetUtcNow();
        using var runtimeBudget = limits.MaxRuntime is { } maxRuntime
            ? new CancellationTokenSource(maxRuntime, study.Options.Clock)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, runtimeBudget.Token);

        var workers = Enumerable.Range(0, limits.MaxParallel)
            .Select(_ => Task.Factory.StartNew(() => WorkAsync(inherentLimit, cancellation, runtimeBudget.Token, linked.Token),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())
            .ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return new TuningOutcome(_stopReason ?? StopReason.MaxTrialsReached, _trialsRun,
            study.IsMultiObjective ? null : study.BestTrial);
    }

    private async Task WorkAsync(long? inherentLimit, CancellationToken userCancellation, CancellationToken runtimeSpent,
        CancellationToken trialToken)
    {
        while (true)
        {
            Trial trial;
            lock (_gate)
            {
                IReadOnlyList<TrialRecord>? read = null;
                _stopReason ??= FindStopReason(inherentLimit, userCancellation, runtimeSpent, out read);
                if (_stopReason is not null || read is null) return;
                // The limit is checked again where the trial is written: workers may share the study. The stop check's
                // read is the ask's history: one round trip fewer per trial.
                var limit = Math.Min(limits.MaxTrials ?? long.MaxValue, inherentLimit ?? long.MaxValue);
                var asked = study.TryAskWithin(space, limit == long.MaxValue ? null : (int)Math.Min(limit, int.MaxValue), read, trialToken);
                if (asked is null)
                {
                    _stopReason = inherentLimit is { } size && size <= (limits.MaxTrials ?? long.MaxValue)
                        ? StopReason.SearchSpaceExhausted : StopReason.MaxTrialsReached;
                    return;
                }
                trial = asked;
                _trialsRun++;
            }
            var finished = await study.EvaluateAsync(trial, objective, trialToken).ConfigureAwait(false);
            onTrialFinished?.Invoke(finished);
        }
    }

    /// <summary>Why the run stops now, or null; <paramref name="trials"/> is the study as read for the check (null when not read).</summary>
    private StopReason? FindStopReason(long? inherentLimit, CancellationToken userCancellation, CancellationToken runtimeSpent,
        out IReadOnlyList<TrialRecord>? trials)
    {
        trials = null;
        if (userCancellation.IsCancellationRequested) return StopReason.Cancelled;
        // The budget's timer and the clock can disagree by a tick: either one saying "spent" ends the run.
        if (runtimeSpent.IsCancellationRequested ||
            limits.MaxRuntime is { } maxRuntime && study.Options.Clock.GetUtcNow() - _startedAt >= maxRuntime)
            return StopReason.MaxRuntimeReached;

        trials = study.CurrentTrials();
        // Only the criteria that compare with the best trial look for it, from the trials completed since the last check.
        TrialRecord? best = null;
        if (criteria.TargetObjectiveValue is not null || criteria.BestNotImprovingTrials is not null)
        {
            _best.Update(trials);
            best = _best.Best;
        }
        if (best is not null && criteria.TargetObjectiveValue is { } target &&
            !study.Direction.IsBetter(target, best.Value!.Value))
            return StopReason.TargetReached;
        if (best is not null && criteria.BestNotImprovingTrials is { } patience && _best.CompletedAfterBest >= patience)
            return StopReason.BestNotImproving;
        if (criteria.Convergence is { } convergence && convergence.IsReached(trials, study.Direction))
            return StopReason.Converged;
        if (inherentLimit is { } size && trials.Count >= size) return StopReason.SearchSpaceExhausted;
        if (limits.MaxTrials is { } maxTrials && trials.Count >= maxTrials) return StopReason.MaxTrialsReached;
        return null;
    }
}
