using Caviar.Jobs.Running;
using Caviar.Jobs.Tuning;
using Caviar.Pbt;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Jobs.Pbt;

/// <summary>
/// Runs a PBT tuning job's population in lockstep rounds. A round's lineage entries (who copies whom, the values
/// to train with) are stored before anything of the round happens, so a resumed run (`--resume`) makes the same
/// decisions; then its trials are created in member order (trial r·n + m), each member's checkpoint is put in place
/// (<see cref="CheckpointCopy"/>: its own from the round before, or the copied member's) and its job resumes from it to
/// the round's epoch budget. A trial the store already holds is reused: a Completed one keeps its score, a Running one
/// is finished through the launcher, which never starts a job twice. A stop (a stop request, limits.maxRuntimeSeconds)
/// leaves the member-rounds it interrupts Running, their jobs Stopped: a resumed run reopens those jobs
/// (<see cref="StoppedJob"/>), which go on from their own checkpoints, so the population continues where it was.
/// </summary>
internal sealed class PbtPopulation(Study study, TuningPlan plan, string artifactsRoot,
    Func<Trial, CancellationToken, Task<double[]>> objective, Action<TrialRecord> onTrialFinished)
{
    private readonly PbtMemberRounds _rounds = new(study, plan, artifactsRoot, objective);

    /// <summary>Where every exploit (a checkpoint copied from another member) is logged, one line each, once it is done.</summary>
    public static string CopyLogOf(string artifactsRoot, string study) =>
        Path.Combine(Path.GetFullPath(artifactsRoot), "pbt", study, "copies.log");

    /// <summary>
    /// Runs the rounds left; ends early on <paramref name="stopRequested"/> or once limits.maxRuntimeSeconds has passed
    /// (measured by the study's clock), leaving the member-rounds under way Running for <c>--resume</c>.
    /// </summary>
    public async Task<TuningOutcome> RunAsync(CancellationToken stopRequested)
    {
        using var runtime = plan.Limits.MaxRuntime is { } limit
            ? new CancellationTokenSource(limit, study.Options.Clock) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopRequested, runtime.Token);
        var outcome = await RunRoundsAsync(linked.Token).ConfigureAwait(false);
        return runtime.IsCancellationRequested && !stopRequested.IsCancellationRequested
            ? outcome with { StopReason = StopReason.MaxRuntimeReached } : outcome;
    }

    private async Task<TuningOutcome> RunRoundsAsync(CancellationToken stop)
    {
        int ran = 0;
        for (int round = 0; round < _rounds.Schedule.Rounds; round++)
        {
            if (stop.IsCancellationRequested) return Outcome(StopReason.Cancelled, ran);
            var entries = _rounds.EntriesOf(round);
            var trials = TrialsOf(round, entries);
            using var slots = new SemaphoreSlim(plan.Limits.MaxParallel);
            var finished = await Task.WhenAll(entries.Select(async entry =>
            {
                try { await slots.WaitAsync(stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { return (Ran: false, Interrupted: true); }   // never started: Running, for --resume
                try { return await RunMemberAsync(entry, trials[entry.Member], stop).ConfigureAwait(false); }
                finally { slots.Release(); }
            })).ConfigureAwait(false);
            ran += finished.Count(f => f.Ran);
            if (stop.IsCancellationRequested || finished.Any(f => f.Interrupted))
                return Outcome(StopReason.Cancelled, ran);
        }
        return Outcome(StopReason.MaxTrialsReached, ran);
    }

    private TuningOutcome Outcome(StopReason reason, int ran) => new(reason, ran, study.BestTrial);

    /// <summary>The round's trials, created in member order where the store does not hold them yet.</summary>
    private TrialRecord[] TrialsOf(int round, IReadOnlyList<PbtLineageEntry> entries)
    {
        var held = study.Trials.ToDictionary(t => t.Number);
        var trials = new TrialRecord[entries.Count];
        foreach (var entry in entries.OrderBy(e => e.Member))
        {
            int number = _rounds.Schedule.TrialNumber(entry.Member, round);
            if (!held.TryGetValue(number, out var trial))
            {
                var values = _rounds.ValuesOf(entry);
                trial = study.Store.CreateTrialWithValues(study.Record.Id, study.Options.Clock.GetUtcNow(), created =>
                    created == number ? values
                        : throw new InvalidOperationException($"PBT study '{study.Name}' expected to create trial {number}, the store numbered it {created}: another process adds trials to it"))!;
            }
            trials[entry.Member] = trial;
        }
        return trials;
    }

    /// <summary>Runs one member-round; a finished one (from an earlier run) is not run again (a Stopped one, left by an older Caviar, counts as failed).</summary>
    private async Task<(bool Ran, bool Interrupted)> RunMemberAsync(PbtLineageEntry entry, TrialRecord trial, CancellationToken stop)
    {
        if (trial.State.IsFinished())
        {
            _rounds.EnsureScore(entry, trial);
            return (false, false);
        }
        var done = await _rounds.RunAsync(entry, study.Reattach(trial, stop, plan.Space), stop).ConfigureAwait(false);
        if (done is null) return (false, true);
        onTrialFinished(done);
        return (true, false);
    }
}
